import { createRPCError } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { strictCharger } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

let stack: LocalStack;
beforeAll(async () => {
  // Keep the "charger never answers" case short; the production wait is just under API Gateway's 30 s.
  stack = await startTestStack({
    environment: {
      OCPP_CALL_TIMEOUT_MS: '1500',
    },
  });
});
afterAll(async () => {
  await stack?.stop();
});

async function connectedCharger(id: string) {
  const cp = await signUpWithChargePoint(stack, id);
  const charger = strictCharger(cp.ocppUrl, cp.password);
  await charger.connect();
  return { ...cp, charger };
}

describe('CSMS-initiated commands over REST', () => {
  it("returns the charger's CALLRESULT as 200 {result}; the CALL passed the charger's strict validation", async () => {
    const { api, charger } = await connectedCharger('CP-cmd');
    const seen: unknown[] = [];
    charger.handle('Reset', async ({ params }) => {
      seen.push(params);
      return { status: 'Accepted' };
    });
    const res = await api('POST', '/v1/charge-points/CP-cmd/commands/Reset', { type: 'Soft' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ result: { status: 'Accepted' } });
    expect(seen).toEqual([{ type: 'Soft' }]);

    charger.handle('GetConfiguration', async () => ({
      configurationKey: [{ key: 'HeartbeatInterval', readonly: false, value: '300' }],
    }));
    const config = await api('POST', '/v1/charge-points/CP-cmd/commands/GetConfiguration', {
      key: ['HeartbeatInterval'],
    });
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({
      result: { configurationKey: [{ key: 'HeartbeatInterval', value: '300' }] },
    });
    await charger.close();
  });

  it('maps a CALLERROR to 502 with the OCPP error code', async () => {
    const { api, charger } = await connectedCharger('CP-err');
    charger.handle('UnlockConnector', async () => {
      throw createRPCError('NotSupported', 'no actuator');
    });
    const res = await api('POST', '/v1/charge-points/CP-err/commands/UnlockConnector', { connectorId: 1 });
    expect(res.status).toBe(502);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body.code).toBe('NotSupported');
    await charger.close();
  });

  it('answers 504 when the charger stays silent, and frees the slot for the next command', async () => {
    const { api, charger } = await connectedCharger('CP-silent');
    let answer = false;
    charger.handle('ClearCache', () =>
      answer
        ? Promise.resolve({ status: 'Accepted' })
        : new Promise<Record<string, unknown>>(() => undefined),
    );
    const res = await api('POST', '/v1/charge-points/CP-silent/commands/ClearCache', {});
    expect(res.status).toBe(504);
    answer = true;
    charger.handle('ClearCache', async () => ({ status: 'Accepted' }));
    const next = await api('POST', '/v1/charge-points/CP-silent/commands/ClearCache', {});
    expect(next.status).toBe(200);
    await charger.close({ force: true });
  });

  it('refuses a second command while one is outstanding (one CALL at a time, OCPP-J)', async () => {
    const { api, charger } = await connectedCharger('CP-busy');
    let release: () => void = () => undefined;
    charger.handle(
      'Reset',
      () =>
        new Promise<Record<string, unknown>>((resolve) => (release = () => resolve({ status: 'Accepted' }))),
    );
    const first = api('POST', '/v1/charge-points/CP-busy/commands/Reset', { type: 'Hard' });
    await new Promise((r) => setTimeout(r, 300));
    const second = await api('POST', '/v1/charge-points/CP-busy/commands/Reset', { type: 'Soft' });
    expect(second.status).toBe(409);
    release();
    expect((await first).status).toBe(200);
    await charger.close();
  });

  it('validates the payload against the OCPP schema, naming the field', async () => {
    const { api, charger } = await connectedCharger('CP-val');
    const res = await api('POST', '/v1/charge-points/CP-val/commands/ChangeAvailability', {
      connectorId: 0,
      type: 'Sometimes',
    });
    expect(res.status).toBe(422);
    expect(JSON.stringify(res.body.errors)).toContain('type');
    const wrongDirection = await api('POST', '/v1/charge-points/CP-val/commands/BootNotification', {});
    expect(wrongDirection.status).toBe(422);
    await charger.close();
  });

  it('answers 409 for a charger that is not connected, and 404 for an unknown one', async () => {
    const { api } = await signUpWithChargePoint(stack, 'CP-offline');
    expect((await api('POST', '/v1/charge-points/CP-offline/commands/Reset', { type: 'Soft' })).status).toBe(
      409,
    );
    expect((await api('POST', '/v1/charge-points/CP-none/commands/Reset', { type: 'Soft' })).status).toBe(
      404,
    );
  });
});
