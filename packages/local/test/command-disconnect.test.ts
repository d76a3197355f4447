import ocppRpc, { type RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { strictCharger } from './support/chargers.ts';
import { signUpWithChargePoint, startTestStack } from './support/local-stack.ts';

/**
 * A charger that leaves its connection with a CSMS-initiated call unanswered, as conformance suites drive it:
 * the REST command ends at once with the error instead of at the call timeout, and the reconnected charger takes
 * the next command (no 409 from the dead call's slot).
 */
let stack: LocalStack;
beforeAll(async () => {
  // Long, as in production: ending early can only come from the connection change, not from the timeout.
  stack = await startTestStack({ environment: { OCPP_CALL_TIMEOUT_MS: '25000' } });
});
afterAll(async () => {
  await stack?.stop();
});

/** Well under the call timeout. */
const PROMPTLY_MS = 5_000;

/**
 * ocpp-rpc's "send no reply" marker. Its typings declare it as an object, and it is missing from the named
 * exports Node sees in the CommonJS module: at run time it is a symbol on the module object.
 */
const NOREPLY = (ocppRpc as unknown as { NOREPLY: symbol }).NOREPLY as unknown as Record<string, unknown>;

/** Handles `action` by never answering; resolves once the CALL has arrived. */
function neverAnswering(charger: RPCClient, action: string): Promise<void> {
  return new Promise((received) =>
    charger.handle(action, ({ signal }) => {
      received();
      // A clean close waits for every handler to settle, and aborts them first: settling with NOREPLY lets it
      // close without sending an answer (a rejection would send a CALLERROR first).
      return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(NOREPLY)));
    }),
  );
}

describe('a command whose charger leaves the connection before answering', () => {
  it('OCPP 1.6, clean close: the command ends at once with 502 Disconnected; after reconnecting the next is answered', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-gone16');
    const first = strictCharger(ocppUrl, password);
    await first.connect();
    const received = neverAnswering(first, 'Reset');

    const started = Date.now();
    const command = api('POST', '/v1/charge-points/CP-gone16/commands/Reset', { type: 'Soft' });
    await received;
    await first.close({ code: 1000, reason: 'rebooting' });
    const res = await command;

    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    expect(res.status).toBe(502);
    expect(res.contentType).toContain('application/problem+json');
    expect(res.body).toMatchObject({
      status: 502,
      code: 'Disconnected',
      detail: 'CP-gone16 disconnected before answering Reset',
    });

    const again = strictCharger(ocppUrl, password);
    await again.connect();
    const seen: unknown[] = [];
    again.handle('Reset', async ({ params }) => {
      seen.push(params);
      return { status: 'Accepted' };
    });
    const next = await api('POST', '/v1/charge-points/CP-gone16/commands/Reset', { type: 'Hard' });
    expect(next.status).toBe(200);
    expect(next.body).toEqual({ result: { status: 'Accepted' } });
    expect(seen).toEqual([{ type: 'Hard' }]);
    await again.close();
  });

  it('OCPP 2.0.1, connection dropped without a close frame: the same', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-gone201');
    const first = strictCharger(ocppUrl, password, ['ocpp2.0.1']);
    await first.connect();
    const received = neverAnswering(first, 'Reset');

    const started = Date.now();
    const command = api('POST', '/v1/charge-points/CP-gone201/commands/Reset', { type: 'Immediate' });
    await received;
    await first.close({ force: true });
    const res = await command;

    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({
      code: 'Disconnected',
      detail: 'CP-gone201 disconnected before answering Reset',
    });

    const again = strictCharger(ocppUrl, password, ['ocpp2.0.1']);
    await again.connect();
    again.handle('Reset', async () => ({ status: 'Accepted' }));
    const next = await api('POST', '/v1/charge-points/CP-gone201/commands/Reset', { type: 'OnIdle' });
    expect(next.status).toBe(200);
    expect(next.body).toEqual({ result: { status: 'Accepted' } });
    await again.close();
  });

  it('reconnecting on a new connection while the old one is still open fails the call at once, and the new connection takes the next command', async () => {
    const { api, ocppUrl, password } = await signUpWithChargePoint(stack, 'CP-twice');
    const old = strictCharger(ocppUrl, password);
    await old.connect();
    const received = neverAnswering(old, 'Reset');
    const oldClosed = new Promise<void>((resolve) => old.once('close', () => resolve()));

    const started = Date.now();
    const command = api('POST', '/v1/charge-points/CP-twice/commands/Reset', { type: 'Soft' });
    await received;
    // The same identity again, without closing the first: the charger rebooted and its old socket is half-open.
    const fresh = strictCharger(ocppUrl, password);
    await fresh.connect();
    const res = await command;

    expect(Date.now() - started).toBeLessThan(PROMPTLY_MS);
    expect(res.status).toBe(502);
    // Failed by `$connect` of the new connection, before the old one was closed (and its `$disconnect` ran).
    expect(res.body).toMatchObject({
      code: 'Disconnected',
      detail: 'CP-twice reconnected on a new connection before answering Reset',
    });
    // The zombie is closed by the CSMS.
    await oldClosed;

    fresh.handle('Reset', async () => ({ status: 'Accepted' }));
    const next = await api('POST', '/v1/charge-points/CP-twice/commands/Reset', { type: 'Soft' });
    expect(next.status).toBe(200);
    expect(next.body).toEqual({ result: { status: 'Accepted' } });
    await fresh.close();
  });
});
