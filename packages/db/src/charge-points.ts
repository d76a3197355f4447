import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BootInfo, ConnectorStatus } from '@csms/core';
import { db, tableName } from './client.ts';
import { gsi1, keys } from './keys.ts';

export interface StoredChargePoint {
  readonly tenantId: string;
  readonly id: string;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly connectionId?: string;
  readonly ocppVersion?: string;
  readonly connectedAt?: string;
  readonly disconnectedAt?: string;
  readonly boot?: BootInfo & { readonly receivedAt: string };
}

export interface ChargePointWithConnectors {
  readonly chargePoint: StoredChargePoint;
  readonly connectors: ConnectorStatus[];
}

/** Access pattern 5. Returns false when the identity is already taken within the tenant. */
export async function registerChargePoint(chargePoint: StoredChargePoint): Promise<boolean> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.chargePoint(chargePoint.tenantId, chargePoint.id),
          gsi1pk: gsi1.chargePointsOfTenant(chargePoint.tenantId),
          gsi1sk: gsi1.chargePointSortKey(chargePoint.id),
          type: 'ChargePoint',
          ...chargePoint,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}

/** Access pattern 4: the charge point record and its connectors in one Query. */
export async function getChargePoint(
  tenantId: string,
  chargePointId: string,
): Promise<ChargePointWithConnectors | undefined> {
  const { Items = [] } = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.chargePointPk(tenantId, chargePointId) },
    }),
  );
  const record = Items.find((item) => item.sk === 'CP');
  if (!record) return undefined;
  const live = Items.find((item) => item.sk === 'LIVE') ?? {};
  const connectors = Items.filter((item) => item.type === 'Connector').map(
    ({ connectorId, evseConnectorId, status, errorCode, updatedAt }) =>
      ({ connectorId, evseConnectorId, status, errorCode, updatedAt }) as ConnectorStatus,
  );
  const { pk: _pk, sk: _sk, type: _type, gsi1pk: _g1, gsi1sk: _g2, ...registration } = record;
  const { pk: _lpk, sk: _lsk, type: _ltype, ...liveState } = live;
  return { chargePoint: { ...registration, ...liveState } as StoredChargePoint, connectors };
}

/**
 * Access pattern 6 (connect): the newest connection wins; a charger has at most one. Returns the connection
 * it replaced, if any, so the caller can close that zombie.
 */
export async function recordConnected(
  tenantId: string,
  chargePointId: string,
  connectionId: string,
  ocppVersion: string,
  at: string,
): Promise<string | undefined> {
  const { Attributes } = await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.chargePointLive(tenantId, chargePointId),
      UpdateExpression: 'SET #type = :type, connectionId = :c, ocppVersion = :v, connectedAt = :at',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: {
        ':type': 'ChargePointLive',
        ':c': connectionId,
        ':v': ocppVersion,
        ':at': at,
      },
      ReturnValues: 'UPDATED_OLD',
    }),
  );
  return Attributes?.connectionId as string | undefined;
}

/**
 * Access pattern 6 (disconnect). `$disconnect` is best-effort and may arrive after the charger already
 * reconnected, so only the connection that is still recorded is cleared.
 */
export async function recordDisconnected(
  tenantId: string,
  chargePointId: string,
  connectionId: string,
  at: string,
): Promise<void> {
  try {
    await db().send(
      new UpdateCommand({
        TableName: tableName(),
        Key: keys.chargePointLive(tenantId, chargePointId),
        UpdateExpression: 'REMOVE connectionId SET disconnectedAt = :at',
        ConditionExpression: 'connectionId = :c',
        ExpressionAttributeValues: { ':c': connectionId, ':at': at },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}

/** Access pattern 7. */
export async function recordBoot(
  tenantId: string,
  chargePointId: string,
  boot: BootInfo & { readonly receivedAt: string },
): Promise<void> {
  await db().send(
    new UpdateCommand({
      TableName: tableName(),
      Key: keys.chargePointLive(tenantId, chargePointId),
      UpdateExpression: 'SET #type = :type, boot = :b',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': 'ChargePointLive', ':b': boot },
    }),
  );
}

/**
 * Access pattern 8: one item per connector, overwritten by each newer report. Chargers replay queued
 * messages after being offline, so an older report never overwrites a newer one.
 */
export async function recordConnectorStatus(
  tenantId: string,
  chargePointId: string,
  status: ConnectorStatus,
): Promise<void> {
  try {
    await db().send(
      new PutCommand({
        TableName: tableName(),
        Item: {
          ...keys.connector(tenantId, chargePointId, status.connectorId),
          type: 'Connector',
          ...status,
        },
        ConditionExpression: 'attribute_not_exists(updatedAt) OR updatedAt <= :u',
        ExpressionAttributeValues: { ':u': status.updatedAt },
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException)) throw error;
  }
}
