import * as z from 'zod';
import { keys } from './keys.ts';
import { partitionItems } from './partition.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * What an OCPP 2.0.1 charger reports holding, in one sibling partition of the charge point: the charging
 * profiles it has installed (ReportChargingProfiles, answering GetChargingProfiles), the display messages it
 * shows (NotifyDisplayMessages, answering GetDisplayMessages) and the parts of a customer information report
 * (NotifyCustomerInformation, answering CustomerInformation). Each is a handful of items per charger, written
 * in batches and read back whole (access patterns M8, M9).
 */
export interface ReportedChargingProfile {
  readonly evseId: number;
  readonly chargingProfileId: number;
  readonly requestId: number;
  /** Who set the limit: EMS, Other, SO, CSO. */
  readonly chargingLimitSource: string;
  readonly stackLevel: number;
  readonly purpose: string;
  /** The OCPP 2.0.1 ChargingProfileType as reported. */
  readonly profile: Record<string, unknown>;
  readonly reportedAt: string;
}

export interface ReportedDisplayMessage {
  readonly messageId: number;
  readonly requestId: number;
  readonly priority: string;
  readonly state?: string;
  /** The OCPP 2.0.1 MessageInfoType as reported. */
  readonly messageInfo: Record<string, unknown>;
  readonly reportedAt: string;
}

export interface CustomerInformationPart {
  readonly requestId: number;
  readonly seqNo: number;
  readonly data: string;
  readonly tbc: boolean;
  readonly generatedAt: string;
  readonly receivedAt: string;
}

/**
 * Customer information is personal data asked for one purpose (a data subject's request): it is kept a
 * month, long enough to hand it over, then DynamoDB's TTL removes it.
 */
const CUSTOMER_INFORMATION_TTL_SECONDS = 30 * 24 * 3600;

const record = z.record(z.string(), z.unknown());

const profileEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'ReportedChargingProfile',
    schema: z.object({
      evseId: z.number().int(),
      chargingProfileId: z.number().int(),
      requestId: z.number().int(),
      chargingLimitSource: z.string(),
      stackLevel: z.number().int(),
      purpose: z.string(),
      profile: record,
      reportedAt: z.string(),
    }) satisfies z.ZodType<ReportedChargingProfile>,
    key: (profile) =>
      keys.reportedChargingProfile(tenantId, chargePointId, profile.evseId, profile.chargingProfileId),
  });

const displayMessageEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'ReportedDisplayMessage',
    schema: z.object({
      messageId: z.number().int(),
      requestId: z.number().int(),
      priority: z.string(),
      state: z.string().optional(),
      messageInfo: record,
      reportedAt: z.string(),
    }) satisfies z.ZodType<ReportedDisplayMessage>,
    key: (message) => keys.reportedDisplayMessage(tenantId, chargePointId, message.messageId),
  });

const customerInformationEntity = (tenantId: string, chargePointId: string) =>
  defineEntity({
    type: 'CustomerInformationPart',
    schema: z.object({
      requestId: z.number().int(),
      seqNo: z.number().int(),
      data: z.string(),
      tbc: z.boolean(),
      generatedAt: z.string(),
      receivedAt: z.string(),
    }) satisfies z.ZodType<CustomerInformationPart>,
    key: (part) => keys.customerInformationPart(tenantId, chargePointId, part.requestId, part.seqNo),
    derived: () => ({ expiresAt: Math.floor(Date.now() / 1000) + CUSTOMER_INFORMATION_TTL_SECONDS }),
  });

/** Batches refuse two writes of one key: of values with the same key, the last one given is written. */
async function putAll<T>(
  table: TableClient,
  values: readonly T[],
  entity: { key(value: T): { sk: string }; toItem(value: T): Record<string, unknown> },
): Promise<void> {
  const byKey = new Map(values.map((value) => [entity.key(value).sk, value]));
  await table.batchWrite(
    [...byKey.values()].map((value) => ({ PutRequest: { Item: entity.toItem(value) } })),
  );
}

/** A profile reported again (same EVSE and id) replaces the stored one. */
export async function storeReportedChargingProfiles(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  profiles: readonly ReportedChargingProfile[],
): Promise<void> {
  await putAll(table, profiles, profileEntity(tenantId, chargePointId));
}

/** By EVSE, then profile id. */
export async function listReportedChargingProfiles(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<ReportedChargingProfile[]> {
  const entity = profileEntity(tenantId, chargePointId);
  const items = await partitionItems(table, keys.deviceReportsPk(tenantId, chargePointId), {
    skPrefix: 'PROFILE#',
    consistent: true,
  });
  return items.map((item) => entity.fromItem(item));
}

export async function storeReportedDisplayMessages(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  messages: readonly ReportedDisplayMessage[],
): Promise<void> {
  await putAll(table, messages, displayMessageEntity(tenantId, chargePointId));
}

/** By message id. */
export async function listReportedDisplayMessages(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<ReportedDisplayMessage[]> {
  const entity = displayMessageEntity(tenantId, chargePointId);
  const items = await partitionItems(table, keys.deviceReportsPk(tenantId, chargePointId), {
    skPrefix: 'MSG#',
    consistent: true,
  });
  return items.map((item) => entity.fromItem(item));
}

/** One item per part: parts may arrive in any order, a repeated part lands on its own item again. */
export async function storeCustomerInformationPart(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  part: CustomerInformationPart,
): Promise<void> {
  await table.put({ Item: customerInformationEntity(tenantId, chargePointId).toItem(part) });
}

/** Every part still kept, by request then seqNo. */
export async function listCustomerInformationParts(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<CustomerInformationPart[]> {
  const entity = customerInformationEntity(tenantId, chargePointId);
  const items = await partitionItems(table, keys.deviceReportsPk(tenantId, chargePointId), {
    skPrefix: 'CUSTINFO#',
    consistent: true,
  });
  return items.map((item) => entity.fromItem(item));
}

/** The device reports repository: the functions above with the table given. */
export const createDeviceReportsRepository = (table: TableClient) =>
  bindTable(table, {
    storeReportedChargingProfiles,
    listReportedChargingProfiles,
    storeReportedDisplayMessages,
    listReportedDisplayMessages,
    storeCustomerInformationPart,
    listCustomerInformationParts,
  });

export type DeviceReportsRepository = ReturnType<typeof createDeviceReportsRepository>;
