import type { RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import { type ChargingTenant, chargingTenant } from './support/ocpp16.ts';

/**
 * OCPP 2.0.1 numbers connectors within an EVSE: a strict 2.0.1 client reports two connectors on EVSE 1 (out
 * of order) and one on EVSE 2, and the charge point view shows each EVSE with its connectors and the EVSE
 * status derived from them. A 1.6 charger's view keeps its flat connectors.
 */
let stack: LocalStack;
let tenant: ChargingTenant;
const open: RPCClient[] = [];

interface EvseView {
  connectorId: number;
  status: string;
  updatedAt?: string;
  connectors?: { connectorId: number; status: string; updatedAt: string }[];
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

beforeAll(async () => {
  stack = await startTestStack();
  tenant = await chargingTenant(stack, 'CP-16-EVSE');
});

afterAll(async () => {
  for (const client of open) await client.close({ force: true });
  await stack?.stop();
});

describe('OCPP 2.0.1 EVSEs with several connectors', () => {
  it('keeps every connector of every EVSE, each ordered by its own timestamp, and derives the EVSE status', async () => {
    const cp = await tenant.charger201('CP-201-EVSE');
    open.push(cp);
    const status = (evseId: number, connectorId: number, connectorStatus: string, timestamp: string) =>
      cp.call('StatusNotification', { timestamp, connectorStatus, evseId, connectorId });

    const t1 = minutesAgo(10);
    const t2 = minutesAgo(8);
    const t3 = minutesAgo(5);
    // EVSE 1: the CCS cable is plugged in (t3); its earlier Available (t1) arrives late and changes nothing.
    expect(await status(1, 1, 'Occupied', t3)).toEqual({});
    expect(await status(1, 2, 'Available', t2)).toEqual({});
    expect(await status(1, 1, 'Available', t1)).toEqual({});
    // EVSE 2: both connectors faulted, so the EVSE is.
    expect(await status(2, 1, 'Faulted', t1)).toEqual({});
    expect(await status(2, 2, 'Faulted', t2)).toEqual({});

    const view = await tenant.api<{ connectors: EvseView[] }>('GET', '/v1/charge-points/CP-201-EVSE');
    expect(view.status).toBe(200);
    expect(view.body.connectors).toEqual([
      {
        connectorId: 1,
        status: 'Occupied',
        updatedAt: t3,
        connectors: [
          { connectorId: 1, status: 'Occupied', updatedAt: t3 },
          { connectorId: 2, status: 'Available', updatedAt: t2 },
        ],
      },
      {
        connectorId: 2,
        status: 'Faulted',
        updatedAt: t2,
        connectors: [
          { connectorId: 1, status: 'Faulted', updatedAt: t1 },
          { connectorId: 2, status: 'Faulted', updatedAt: t2 },
        ],
      },
    ]);

    // The car leaves EVSE 1: every connector is Available, so the EVSE is.
    const t4 = minutesAgo(1);
    expect(await status(1, 1, 'Available', t4)).toEqual({});
    const after = await tenant.api<{ connectors: EvseView[] }>('GET', '/v1/charge-points/CP-201-EVSE');
    expect(after.body.connectors[0]).toMatchObject({ connectorId: 1, status: 'Available', updatedAt: t4 });
  });

  it('leaves a 1.6 charger’s connectors flat', async () => {
    const cp = await tenant.charger('CP-16-EVSE');
    open.push(cp);
    const timestamp = minutesAgo(2);
    expect(
      await cp.call('StatusNotification', {
        connectorId: 1,
        status: 'Available',
        errorCode: 'NoError',
        timestamp,
      }),
    ).toEqual({});
    const view = await tenant.api<{ connectors: EvseView[] }>('GET', '/v1/charge-points/CP-16-EVSE');
    expect(view.body.connectors).toEqual([{ connectorId: 1, status: 'Available', updatedAt: timestamp }]);
  });
});
