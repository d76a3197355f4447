import * as z from 'zod';
import { keys } from './keys.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * The charging profiles the CSMS set on a charger (SmartCharging), one item per OCPP chargingProfileId in the
 * charger's own profiles partition, with the charger's answer. `profile` is the OCPP payload as sent, so what
 * the charger holds can be shown and re-sent as is; it keeps the OCPP 1.6 shape whatever the charger speaks (the
 * API's shape, converted for a 2.0.1 charger when sent).
 */
export interface StoredChargingProfile {
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly chargingProfileId: number;
  readonly stackLevel: number;
  readonly purpose: string;
  /** A TxProfile's transaction: the CSMS's integer (OCPP 1.6) or the charger's string (2.0.1). */
  readonly transactionId?: number | string;
  readonly profile: Record<string, unknown>;
  /** The charger's answer to SetChargingProfile: Accepted, Rejected, NotSupported. */
  readonly status: string;
  readonly setAt: string;
}

const chargingProfileSchema: z.ZodType<StoredChargingProfile> = z.object({
  chargePointId: z.string(),
  connectorId: z.number().int(),
  chargingProfileId: z.number().int(),
  stackLevel: z.number().int(),
  purpose: z.string(),
  transactionId: z.union([z.number().int(), z.string()]).optional(),
  profile: z.record(z.string(), z.unknown()),
  status: z.string(),
  setAt: z.string(),
});

/** The profile item of one tenant's charger (the key names the tenant, the value does not). */
const chargingProfileEntity = (tenantId: string) =>
  defineEntity({
    type: 'ChargingProfile',
    schema: chargingProfileSchema,
    key: (profile) => keys.chargingProfile(tenantId, profile.chargePointId, profile.chargingProfileId),
  });

export async function putChargingProfile(
  table: TableClient,
  tenantId: string,
  profile: StoredChargingProfile,
): Promise<void> {
  await table.put({
    Item: chargingProfileEntity(tenantId).toItem(profile),
  });
}

export async function getChargingProfile(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  chargingProfileId: number,
): Promise<StoredChargingProfile | undefined> {
  const { Item } = await table.get({
    Key: keys.chargingProfile(tenantId, chargePointId, chargingProfileId),
    ConsistentRead: true,
  });
  return chargingProfileEntity(tenantId).fromOptional(Item);
}

export async function deleteChargingProfile(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  chargingProfileId: number,
): Promise<void> {
  await table.delete({
    Key: keys.chargingProfile(tenantId, chargePointId, chargingProfileId),
  });
}

/** All profiles of a charger, by chargingProfileId (a charger holds a handful). */
export async function listChargingProfiles(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
): Promise<StoredChargingProfile[]> {
  const entity = chargingProfileEntity(tenantId);
  const profiles: StoredChargingProfile[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.query({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: {
        ':pk': keys.chargingProfilesPk(tenantId, chargePointId),
        ':p': 'PROFILE#',
      },
      ConsistentRead: true,
      ExclusiveStartKey: start,
    });
    for (const item of page.Items ?? []) profiles.push(entity.fromItem(item));
    start = page.LastEvaluatedKey;
  } while (start);
  return profiles;
}

/** The charging profiles repository: the functions above with the table given. */
export const createChargingProfilesRepository = (table: TableClient) =>
  bindTable(table, { putChargingProfile, getChargingProfile, deleteChargingProfile, listChargingProfiles });

export type ChargingProfilesRepository = ReturnType<typeof createChargingProfilesRepository>;
