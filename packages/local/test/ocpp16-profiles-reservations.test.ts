import { createRPCError, type RPCClient } from 'ocpp-rpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../src/stack.ts';
import { startTestStack } from './support/local-stack.ts';
import { type ChargingTenant, chargingTenant, customerWithToken, minutesFromNow } from './support/ocpp16.ts';

/**
 * OCPP 1.6 Reservation profile through the reservations API: ReserveNow with a reservationId unique in the
 * tenant, the charger's answer as status, `used` when a StartTransaction names it, `expired`, and
 * CancelReservation. The chargers are strict ocpp-rpc clients (each CALL validated on their side).
 */
let stack: LocalStack;
let tenant: ChargingTenant;
const open: RPCClient[] = [];

beforeAll(async () => {
  stack = await startTestStack({
    environment: {
      OCPP_CALL_TIMEOUT_MS: '3000',
    },
  });
  tenant = await chargingTenant(stack, 'CP-rsv-1');
});
afterAll(async () => {
  for (const charger of open) await charger.close({ force: true });
  await stack?.stop();
});

interface ReservationView {
  id: string;
  reservationId: number;
  chargePointId: string;
  connectorId: number;
  idTag: string;
  customerId: string | null;
  expiresAt: string;
  status: string;
  chargerStatus: string | null;
  error: string | null;
  sessionId: string | null;
  cancelStatus: string | null;
}

/** A charger answering ReserveNow with `answer` and CancelReservation Accepted, recording both. */
async function reservingCharger(id: string, answer = 'Accepted') {
  const client = await tenant.charger(id);
  open.push(client);
  const reserved: Record<string, unknown>[] = [];
  const cancelled: Record<string, unknown>[] = [];
  client.handle('ReserveNow', async ({ params: raw }) => {
    const params = raw as Record<string, unknown>;
    reserved.push(params);
    return { status: answer };
  });
  client.handle('CancelReservation', async ({ params: raw }) => {
    const params = raw as Record<string, unknown>;
    cancelled.push(params);
    return { status: 'Accepted' };
  });
  return { client, reserved, cancelled };
}

const reserve = (body: Record<string, unknown>) =>
  tenant.api<ReservationView>('POST', '/v1/reservations', body);

describe('ReserveNow', () => {
  it('reserves a connector, shows Reserved, and ends as used by the StartTransaction that names it', async () => {
    const { client, reserved } = await reservingCharger('CP-rsv-1');
    await customerWithToken(tenant, 'RSV-TAG-1');
    const expiresAt = minutesFromNow(30);
    const res = await reserve({ chargePointId: 'CP-rsv-1', connectorId: 1, idTag: 'rsv-tag-1', expiresAt });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      chargePointId: 'CP-rsv-1',
      connectorId: 1,
      idTag: 'RSV-TAG-1',
      expiresAt,
      status: 'Accepted',
      chargerStatus: 'Accepted',
      sessionId: null,
    });
    const { reservationId, id } = res.body;
    expect(Number.isInteger(reservationId)).toBe(true);
    expect(reserved).toEqual([{ connectorId: 1, expiryDate: expiresAt, idTag: 'RSV-TAG-1', reservationId }]);

    await client.call('StatusNotification', { connectorId: 1, errorCode: 'NoError', status: 'Reserved' });
    const cp = await tenant.api<{ connectors: { connectorId: number; status: string }[] }>(
      'GET',
      '/v1/charge-points/CP-rsv-1',
    );
    expect(cp.body.connectors).toContainEqual(
      expect.objectContaining({ connectorId: 1, status: 'Reserved' }),
    );

    const { transactionId } = (await client.call('StartTransaction', {
      connectorId: 1,
      idTag: 'RSV-TAG-1',
      meterStart: 0,
      reservationId,
      timestamp: new Date().toISOString(),
    })) as { transactionId: number };
    const used = await tenant.api<ReservationView>('GET', `/v1/reservations/${id}`);
    expect(used.body).toMatchObject({ status: 'used', chargerStatus: 'Accepted' });
    const sessions = await tenant.api<{ items: { id: string; transactionId: number }[] }>(
      'GET',
      '/v1/sessions?chargePointId=CP-rsv-1',
    );
    expect(used.body.sessionId).toBe(sessions.body.items.find((s) => s.transactionId === transactionId)?.id);
    // A used reservation holds nothing any more.
    expect((await tenant.api('DELETE', `/v1/reservations/${id}`)).status).toBe(409);
  });

  it('numbers reservations uniquely in the tenant and reserves for a customer with the group of the token', async () => {
    const { reserved } = await reservingCharger('CP-rsv-2');
    const customerId = await customerWithToken(tenant, 'RSV-FLEET-1', { groupIdTag: 'FLEET-RSV' });
    const expiresAt = minutesFromNow(10);
    const first = await reserve({ chargePointId: 'CP-rsv-2', connectorId: 0, customerId, expiresAt });
    const second = await reserve({ chargePointId: 'CP-rsv-2', connectorId: 2, customerId, expiresAt });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ customerId, idTag: 'RSV-FLEET-1', connectorId: 0 });
    expect(second.body.reservationId).toBeGreaterThan(first.body.reservationId);
    expect(reserved[0]).toEqual({
      connectorId: 0,
      expiryDate: expiresAt,
      idTag: 'RSV-FLEET-1',
      parentIdTag: 'FLEET-RSV',
      reservationId: first.body.reservationId,
    });

    const list = await tenant.api<{ items: ReservationView[] }>(
      'GET',
      '/v1/reservations?chargePointId=CP-rsv-2',
    );
    expect(list.body.items.map((r) => r.id)).toEqual([second.body.id, first.body.id]);
  });

  it("records the charger's refusal as the status, which cannot be cancelled", async () => {
    const { cancelled } = await reservingCharger('CP-rsv-occ', 'Occupied');
    await customerWithToken(tenant, 'RSV-OCC-1');
    const res = await reserve({
      chargePointId: 'CP-rsv-occ',
      connectorId: 1,
      idTag: 'RSV-OCC-1',
      expiresAt: minutesFromNow(10),
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'Occupied', chargerStatus: 'Occupied' });
    expect((await tenant.api('DELETE', `/v1/reservations/${res.body.id}`)).status).toBe(409);
    expect(cancelled).toEqual([]);
  });

  it('keeps a reservation the charger answered with a CALLERROR as failed (502)', async () => {
    const client = await tenant.charger('CP-rsv-err');
    open.push(client);
    client.handle('ReserveNow', async () => {
      throw createRPCError('NotSupported', 'no reservations here');
    });
    await customerWithToken(tenant, 'RSV-ERR-1');
    const res = await reserve({
      chargePointId: 'CP-rsv-err',
      connectorId: 1,
      idTag: 'RSV-ERR-1',
      expiresAt: minutesFromNow(10),
    });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'NotSupported' });
    const list = await tenant.api<{ items: ReservationView[] }>(
      'GET',
      '/v1/reservations?chargePointId=CP-rsv-err',
    );
    expect(list.body.items).toEqual([expect.objectContaining({ status: 'failed', idTag: 'RSV-ERR-1' })]);
    expect(list.body.items[0]?.error).toContain('NotSupported');
  });

  it('refuses bad requests before the charger is asked', async () => {
    const { reserved } = await reservingCharger('CP-rsv-val');
    await customerWithToken(tenant, 'RSV-VAL-1');
    await customerWithToken(tenant, 'RSV-VAL-BLK');
    await tenant.api('PATCH', '/v1/id-tokens/RSV-VAL-BLK', { status: 'Blocked', reason: 'lost' });
    await tenant.credentials('CP-rsv-off');
    const valid = {
      chargePointId: 'CP-rsv-val',
      connectorId: 1,
      idTag: 'RSV-VAL-1',
      expiresAt: minutesFromNow(5),
    };

    expect((await reserve({ ...valid, expiresAt: minutesFromNow(-1) })).status).toBe(422);
    expect((await reserve({ ...valid, idTag: undefined })).status).toBe(422);
    expect((await reserve({ ...valid, idTag: 'RSV-NOBODY' })).status).toBe(422);
    expect((await reserve({ ...valid, chargePointId: 'CP-nope' })).status).toBe(422);
    expect((await reserve({ ...valid, idTag: 'RSV-VAL-BLK' })).status).toBe(409);
    expect((await reserve({ ...valid, chargePointId: 'CP-rsv-off' })).status).toBe(409);
    expect(reserved).toEqual([]);
    expect((await tenant.api('GET', '/v1/reservations/rsvnope')).status).toBe(404);
    expect((await tenant.api('DELETE', '/v1/reservations/rsvnope')).status).toBe(404);
  });
});

describe('expiry and cancellation', () => {
  it('reads expired once past expiresAt, without any write', async () => {
    await reservingCharger('CP-rsv-exp');
    await customerWithToken(tenant, 'RSV-EXP-1');
    const res = await reserve({
      chargePointId: 'CP-rsv-exp',
      connectorId: 1,
      idTag: 'RSV-EXP-1',
      expiresAt: new Date(Date.now() + 1500).toISOString(),
    });
    expect(res.body.status).toBe('Accepted');
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect((await tenant.api<ReservationView>('GET', `/v1/reservations/${res.body.id}`)).body.status).toBe(
      'expired',
    );
    const expired = await tenant.api<{ items: ReservationView[] }>(
      'GET',
      '/v1/reservations?chargePointId=CP-rsv-exp&status=expired',
    );
    expect(expired.body.items.map((r) => r.id)).toEqual([res.body.id]);
    expect((await tenant.api('DELETE', `/v1/reservations/${res.body.id}`)).status).toBe(409);
  });

  it('cancels with CancelReservation; a second cancel is 409', async () => {
    const { cancelled } = await reservingCharger('CP-rsv-can');
    await customerWithToken(tenant, 'RSV-CAN-1');
    const res = await reserve({
      chargePointId: 'CP-rsv-can',
      connectorId: 1,
      idTag: 'RSV-CAN-1',
      expiresAt: minutesFromNow(20),
    });
    const del = await tenant.api<ReservationView>('DELETE', `/v1/reservations/${res.body.id}`);
    expect(del.status).toBe(200);
    expect(del.body).toMatchObject({ status: 'cancelled', cancelStatus: 'Accepted' });
    expect(cancelled).toEqual([{ reservationId: res.body.reservationId }]);
    expect((await tenant.api('DELETE', `/v1/reservations/${res.body.id}`)).status).toBe(409);
  });
});
