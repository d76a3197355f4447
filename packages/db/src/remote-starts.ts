import * as z from 'zod';
import { keys } from './keys.ts';
import { nextCounterValue } from './partition.ts';
import { bindTable } from './table/bind-table.ts';
import { defineEntity } from './table/entity.ts';
import type { TableClient } from './table/table-client.ts';

/**
 * OCPP 2.0.1 links a transaction to the remote start that caused it by `remoteStartId`, which the CSMS picks.
 * The record says who was started, so a `Started` event that carries the id but not (yet) the idToken is
 * still billed to the right driver. Kept a day (TTL): a charger that has not started by then never will.
 */
export interface RemoteStart {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly remoteStartId: number;
  readonly idTag: string;
  readonly customerId: string;
  readonly requestedAt: string;
}

const remoteStartSchema: z.ZodType<RemoteStart> = z.object({
  tenantId: z.string(),
  chargePointId: z.string(),
  remoteStartId: z.number().int(),
  idTag: z.string(),
  customerId: z.string(),
  requestedAt: z.string(),
});

const RETENTION_SECONDS = 24 * 3600;

const remoteStartEntity = defineEntity({
  type: 'RemoteStart',
  schema: remoteStartSchema,
  key: (start) => keys.remoteStart(start.tenantId, start.chargePointId, start.remoteStartId),
  derived: (start) => ({ expiresAt: Math.floor(Date.parse(start.requestedAt) / 1000) + RETENTION_SECONDS }),
});

/** Remote start ids are per tenant, counting from 1 (the OCPP field is a positive integer). */
export async function nextRemoteStartId(table: TableClient, tenantId: string): Promise<number> {
  return nextCounterValue(table, tenantId, 'remote-start');
}

export async function recordRemoteStart(table: TableClient, start: RemoteStart): Promise<void> {
  await table.put({ Item: remoteStartEntity.toItem(start) });
}

export async function findRemoteStart(
  table: TableClient,
  tenantId: string,
  chargePointId: string,
  remoteStartId: number,
): Promise<RemoteStart | undefined> {
  const { Item } = await table.get({ Key: keys.remoteStart(tenantId, chargePointId, remoteStartId) });
  return remoteStartEntity.fromOptional(Item);
}

export const createRemoteStartsRepository = (table: TableClient) =>
  bindTable(table, { nextRemoteStartId, recordRemoteStart, findRemoteStart });

export type RemoteStartsRepository = ReturnType<typeof createRemoteStartsRepository>;
