import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import type { LocalStack } from '../src/stack.ts';
import { exchange, rawSocket } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

let stack: LocalStack;
let management: ApiGatewayManagementApiClient;
beforeAll(async () => {
  stack = await startTestStack({ idleTimeoutSeconds: 1.5 });
  management = new ApiGatewayManagementApiClient({ endpoint: stack.managementEndpoint });
});
afterAll(async () => {
  await stack?.stop();
});

const closed = (ws: WebSocket) =>
  new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );

describe('@connections management endpoint, driven by the real AWS SDK client', () => {
  it('posts a frame to a charger, describes the connection, and deletes it', async () => {
    const { ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-mgmt');
    const received: string[] = [];
    const ws = await rawSocket(ocppUrl, { user: 'CP-mgmt', password });
    ws.on('message', (data) => received.push(data.toString()));
    await exchange(ws, '[2, "b1", "Heartbeat", {}]');

    const connectionId = await connectionIdOf('CP-mgmt');
    const info = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.LastActiveAt!.getTime()).toBeGreaterThanOrEqual(info.ConnectedAt!.getTime());

    const frame = '[2,"csms-1","TriggerMessage",{"requestedMessage":"Heartbeat"}]';
    await management.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from(frame) }),
    );
    await expect.poll(() => received.includes(frame)).toBe(true);

    const closing = closed(ws);
    await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect((await closing).code).toBe(1000);
    await expect(
      management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: Buffer.from('[]') })),
    ).rejects.toBeInstanceOf(GoneException);
  });

  it('answers GoneException for a connection that never existed', async () => {
    await expect(management.send(new GetConnectionCommand({ ConnectionId: 'nope' }))).rejects.toBeInstanceOf(
      GoneException,
    );
  });
});

describe('connection limits and zombies', () => {
  it('closes a connection that stays silent past the idle timeout', async () => {
    const { ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-idle');
    const ws = await rawSocket(ocppUrl, { user: 'CP-idle', password });
    const { code, reason } = await closed(ws);
    expect(code).toBe(1001);
    expect(reason).toContain('idle');
  });

  it('closes the old connection when a charger reconnects, and keeps the new one online', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-zombie');
    const first = await rawSocket(ocppUrl, { user: 'CP-zombie', password });
    const firstClosed = closed(first);
    const second = await rawSocket(ocppUrl, { user: 'CP-zombie', password });
    expect((await firstClosed).code).toBe(1000);
    // The old connection's late $disconnect must not mark the charger offline.
    await new Promise((r) => setTimeout(r, 200));
    expect((await api('GET', '/v1/charge-points/CP-zombie')).body.connected).toBe(true);
    const reply = await exchange(second, '[2, "z1", "Heartbeat", {}]');
    expect(reply[0]).toBe(3);
    second.close();
  });
});

/** The connection id API Gateway assigned, as the CSMS recorded it for this charger. */
async function connectionIdOf(chargePointId: string): Promise<string> {
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient, ScanCommand } = await import('@aws-sdk/lib-dynamodb');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamoDbEndpoint }));
  const { Items = [] } = await doc.send(
    new ScanCommand({
      TableName: stack.tableName,
      FilterExpression: 'attribute_exists(connectionId) AND contains(pk, :cp)',
      ExpressionAttributeValues: { ':cp': `#CP#${chargePointId}` },
    }),
  );
  expect(Items).toHaveLength(1);
  return Items[0]?.connectionId as string;
}
