import { chargerInstant } from '@csms/core';
import type { Ocpp201 } from '@csms/ocpp';
import type { Deps } from '../../deps.ts';
import { asRecord } from './ocpp201-mapping.ts';

/**
 * What a charger reports holding, each answering a CSMS request by its requestId: the charging profiles
 * installed on an EVSE (ReportChargingProfiles ← GetChargingProfiles), the display messages it has
 * (NotifyDisplayMessages ← GetDisplayMessages) and customer information (NotifyCustomerInformation ←
 * CustomerInformation). ReportChargingProfiles and NotifyDisplayMessages carry no time of their own, so
 * they are stamped with the time the CSMS received them.
 */
interface Received {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly receivedAt: Date;
}

export async function recordReportedChargingProfiles(
  deps: Pick<Deps, 'deviceReports'>,
  command: Received & { readonly report: Ocpp201.ReportChargingProfilesRequest },
): Promise<void> {
  const { report } = command;
  await deps.deviceReports.storeReportedChargingProfiles(
    command.tenantId,
    command.chargePointId,
    report.chargingProfile.map((profile) => ({
      evseId: report.evseId,
      chargingProfileId: profile.id,
      requestId: report.requestId,
      chargingLimitSource: report.chargingLimitSource,
      stackLevel: profile.stackLevel,
      purpose: profile.chargingProfilePurpose,
      profile: asRecord(profile),
      reportedAt: command.receivedAt.toISOString(),
    })),
  );
}

export async function recordDisplayMessages(
  deps: Pick<Deps, 'deviceReports'>,
  command: Received & { readonly report: Ocpp201.NotifyDisplayMessagesRequest },
): Promise<void> {
  const { report } = command;
  // No messageInfo: the charger has no (more) messages matching the request; nothing to store.
  await deps.deviceReports.storeReportedDisplayMessages(
    command.tenantId,
    command.chargePointId,
    (report.messageInfo ?? []).map((message) => ({
      messageId: message.id,
      requestId: report.requestId,
      priority: message.priority,
      ...(message.state === undefined ? {} : { state: message.state }),
      messageInfo: asRecord(message),
      reportedAt: command.receivedAt.toISOString(),
    })),
  );
}

export async function recordCustomerInformation(
  deps: Pick<Deps, 'deviceReports'>,
  command: Received & { readonly report: Ocpp201.NotifyCustomerInformationRequest },
): Promise<void> {
  const { report } = command;
  await deps.deviceReports.storeCustomerInformationPart(command.tenantId, command.chargePointId, {
    requestId: report.requestId,
    seqNo: report.seqNo,
    data: report.data,
    tbc: report.tbc ?? false,
    generatedAt: chargerInstant(report.generatedAt),
    receivedAt: command.receivedAt.toISOString(),
  });
}
