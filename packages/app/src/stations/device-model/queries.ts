import type { Deps } from '@csms/app/deps';
import type {
  CustomerInformationPart,
  DeviceEvent,
  DeviceReportRequest,
  Page,
  PageRequest,
  ReportedChargingProfile,
  ReportedDisplayMessage,
  ReportedMonitor,
  StoredVariable,
  VariableQuery,
} from '@csms/db';
import { requireChargePoint } from '../commands/charger-lookup.ts';

/**
 * Reads of what a charger reported. Each checks the charge point first, so an unknown id, or another
 * tenant's, is a 404 before anything is read.
 */
type Reads = Pick<Deps, 'chargePoints' | 'deviceModel'>;

export async function listVariables(
  deps: Reads,
  tenantId: string,
  chargePointId: string,
  query: VariableQuery,
): Promise<Page<StoredVariable>> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.deviceModel.listReportedVariables(tenantId, found.chargePoint.id, query);
}

export async function listReportRequests(
  deps: Reads,
  tenantId: string,
  chargePointId: string,
  page: PageRequest,
): Promise<Page<DeviceReportRequest>> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.deviceModel.listReportRequests(tenantId, found.chargePoint.id, 'report', page);
}

export async function listMonitors(
  deps: Reads,
  tenantId: string,
  chargePointId: string,
  page: PageRequest,
): Promise<Page<ReportedMonitor>> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.deviceModel.listReportedMonitors(tenantId, found.chargePoint.id, page);
}

export async function listDeviceEvents(
  deps: Reads,
  tenantId: string,
  chargePointId: string,
  page: PageRequest,
): Promise<Page<DeviceEvent>> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.deviceModel.listDeviceEvents(tenantId, found.chargePoint.id, page);
}

type HeldReads = Pick<Deps, 'chargePoints' | 'deviceReports'>;

export async function listReportedChargingProfiles(
  deps: HeldReads,
  tenantId: string,
  chargePointId: string,
): Promise<ReportedChargingProfile[]> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.deviceReports.listReportedChargingProfiles(tenantId, found.chargePoint.id);
}

export async function listDisplayMessages(
  deps: HeldReads,
  tenantId: string,
  chargePointId: string,
): Promise<ReportedDisplayMessage[]> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  return deps.deviceReports.listReportedDisplayMessages(tenantId, found.chargePoint.id);
}

/** The customer information of one request, put back together from its parts. */
export interface CustomerInformationReport {
  readonly requestId: number;
  /** The last part (`tbc` false) and every part before it are in. */
  readonly complete: boolean;
  /** The parts' data in seqNo order (what has arrived so far). */
  readonly data: string;
  readonly seqNos: number[];
  readonly generatedAt: string;
  readonly receivedAt: string;
}

/** Per request, newest request first; the parts are stored in any order and assembled here. */
export async function listCustomerInformation(
  deps: HeldReads,
  tenantId: string,
  chargePointId: string,
): Promise<CustomerInformationReport[]> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const parts = await deps.deviceReports.listCustomerInformationParts(tenantId, found.chargePoint.id);
  return assembleCustomerInformation(parts);
}

export function assembleCustomerInformation(
  parts: readonly CustomerInformationPart[],
): CustomerInformationReport[] {
  const byRequest = new Map<number, CustomerInformationPart[]>();
  for (const part of parts) byRequest.set(part.requestId, [...(byRequest.get(part.requestId) ?? []), part]);
  return [...byRequest.entries()]
    .sort(([a], [b]) => b - a)
    .map(([requestId, received]) => {
      const ordered = [...received].sort((a, b) => a.seqNo - b.seqNo);
      const last = ordered.find((part) => !part.tbc);
      const seqNos = ordered.map((part) => part.seqNo);
      return {
        requestId,
        complete:
          last !== undefined && seqNos.filter((seqNo) => seqNo <= last.seqNo).length === last.seqNo + 1,
        data: ordered.map((part) => part.data).join(''),
        seqNos,
        generatedAt:
          ordered
            .map((part) => part.generatedAt)
            .sort()
            .at(-1) ?? '',
        receivedAt:
          ordered
            .map((part) => part.receivedAt)
            .sort()
            .at(-1) ?? '',
      };
    });
}
