import { chargerLiveness } from '@csms/app/stations/charger-liveness';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { exchange, rawSocket } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => {
  await stack?.stop();
});

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
  return Items[0]?.connectionId as string;
}

describe('liveness', () => {
  it('counts a charger silent for more than twice its heartbeat interval as offline', async () => {
    const { ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-live');
    const ws = await rawSocket(ocppUrl, { user: 'CP-live', password });
    await exchange(ws, '[2, "h1", "Heartbeat", {}]');
    const connectionId = await connectionIdOf('CP-live');

    expect((await chargerLiveness(stack.deps, connectionId, 300)).connected).toBe(true);
    const in9Minutes = new Date(Date.now() + 9 * 60_000);
    expect((await chargerLiveness(stack.deps, connectionId, 300, in9Minutes)).connected).toBe(true);
    const in11Minutes = new Date(Date.now() + 11 * 60_000);
    expect((await chargerLiveness(stack.deps, connectionId, 300, in11Minutes)).connected).toBe(false);
    ws.close();
  });
});

describe('frame log', () => {
  it('writes one structured line per frame in and out, without payloads', async () => {
    const { ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-log');
    const ws = await rawSocket(ocppUrl, { user: 'CP-log', password });
    const lines: string[] = [];
    // Powertools writes JSON lines straight to stdout.
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(
        ...String(chunk)
          .split('\n')
          .filter((l) => l.startsWith('{')),
      );
      return true;
    });
    stack.reconfigure({ LOG_LEVEL: 'info' });
    try {
      await exchange(ws, '[2, "log-1", "Authorize", {"idTag": "SECRET-TAG"}]');
    } finally {
      stack.reconfigure({ LOG_LEVEL: 'warn' });
      spy.mockRestore();
    }
    const frames = lines.map((l) => JSON.parse(l)).filter((l) => l.message === 'ocpp frame');
    expect(frames).toEqual([
      expect.objectContaining({
        chargePointId: 'CP-log',
        direction: 'in',
        type: 'CALL',
        action: 'Authorize',
        messageId: 'log-1',
      }),
      expect.objectContaining({
        chargePointId: 'CP-log',
        direction: 'out',
        type: 'CALLRESULT',
        messageId: 'log-1',
      }),
    ]);
    expect(lines.join('\n')).not.toContain('SECRET-TAG');
    ws.close();
  });
});
