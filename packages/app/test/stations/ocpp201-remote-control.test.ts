import { ConflictError, ValidationError } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { changeAvailability } from '../../src/stations/remote-control/availability.ts';
import { resetChargePoint } from '../../src/stations/remote-control/reset.ts';
import { triggerMessage } from '../../src/stations/remote-control/trigger-message.ts';
import { unlockConnector } from '../../src/stations/remote-control/unlock-connector.ts';
import {
  answering,
  chargerWorld,
  fastTimeouts,
  type ReceivedCall,
  result,
  TENANT,
  type WorldOptions,
} from './charger-world.ts';

/**
 * The friendly remote-control routes on both versions: each sends the action of the charger's version with
 * that version's payload (2.0.1: `connectorId` is the EVSE id), and answers with the charger's status.
 */
const v201 = (options: WorldOptions = {}) =>
  chargerWorld({
    settings: { timeouts: fastTimeouts },
    chargePoints: [{ ocppVersion: 'ocpp2.0.1' }],
    ...options,
  });
const v16 = (options: WorldOptions = {}) =>
  chargerWorld({ settings: { timeouts: fastTimeouts }, ...options });

const sentCalls = (calls: readonly ReceivedCall[]) =>
  calls.map(({ action, payload }) => ({ action, payload }));

describe('changeAvailability on OCPP 2.0.1', () => {
  it('sends operationalStatus with the EVSE, and no EVSE for connector 0 (the whole station)', async () => {
    const world = v201({ answer: answering({ ChangeAvailability: result({ status: 'Scheduled' }) }) });
    expect(
      await changeAvailability(world.deps, TENANT, 'CP-1', { connectorId: 2, type: 'Inoperative' }),
    ).toEqual({ connectorId: 2, type: 'Inoperative', status: 'Scheduled' });
    expect(
      await changeAvailability(world.deps, TENANT, 'CP-1', { connectorId: 0, type: 'Operative' }),
    ).toEqual({ connectorId: 0, type: 'Operative', status: 'Scheduled' });
    expect(sentCalls(world.calls)).toEqual([
      { action: 'ChangeAvailability', payload: { operationalStatus: 'Inoperative', evse: { id: 2 } } },
      { action: 'ChangeAvailability', payload: { operationalStatus: 'Operative' } },
    ]);
  });

  it('keeps the 1.6 payload for a 1.6 charger', async () => {
    const world = v16({ answer: answering({ ChangeAvailability: result({ status: 'Accepted' }) }) });
    await changeAvailability(world.deps, TENANT, 'CP-1', { connectorId: 0, type: 'Inoperative' });
    expect(world.calls[0]?.payload).toEqual({ connectorId: 0, type: 'Inoperative' });
  });

  it('refuses an offline charger (409) without sending anything', async () => {
    const world = v201({ chargePoints: [{ ocppVersion: 'ocpp2.0.1', connectionId: undefined }] });
    await expect(
      changeAvailability(world.deps, TENANT, 'CP-1', { connectorId: 1, type: 'Inoperative' }),
    ).rejects.toThrow(ConflictError);
    expect(world.calls).toEqual([]);
  });
});

describe('triggerMessage on OCPP 2.0.1', () => {
  it('sends the EVSE as evse.id, none for connector 0 or no connector', async () => {
    const world = v201({ answer: answering({ TriggerMessage: result({ status: 'Accepted' }) }) });
    expect(
      await triggerMessage(world.deps, TENANT, 'CP-1', {
        requestedMessage: 'StatusNotification',
        connectorId: 1,
      }),
    ).toEqual({ requestedMessage: 'StatusNotification', connectorId: 1, status: 'Accepted' });
    await triggerMessage(world.deps, TENANT, 'CP-1', {
      requestedMessage: 'TransactionEvent',
      connectorId: 0,
    });
    await triggerMessage(world.deps, TENANT, 'CP-1', { requestedMessage: 'Heartbeat' });
    expect(sentCalls(world.calls)).toEqual([
      { action: 'TriggerMessage', payload: { requestedMessage: 'StatusNotification', evse: { id: 1 } } },
      { action: 'TriggerMessage', payload: { requestedMessage: 'TransactionEvent' } },
      { action: 'TriggerMessage', payload: { requestedMessage: 'Heartbeat' } },
    ]);
  });

  it('refuses a message the charger’s version does not define with a 422 naming the field', async () => {
    const world = v201({ answer: answering({ TriggerMessage: result({ status: 'Accepted' }) }) });
    const refused = triggerMessage(world.deps, TENANT, 'CP-1', {
      requestedMessage: 'DiagnosticsStatusNotification',
    });
    await expect(refused).rejects.toThrow(ValidationError);
    await expect(refused).rejects.toMatchObject({
      issues: [{ field: 'requestedMessage', message: expect.stringContaining('ocpp2.0.1') }],
    });

    const old = v16({ answer: answering({ TriggerMessage: result({ status: 'Accepted' }) }) });
    await expect(
      triggerMessage(old.deps, TENANT, 'CP-1', { requestedMessage: 'LogStatusNotification' }),
    ).rejects.toMatchObject({ issues: [{ field: 'requestedMessage' }] });
    expect([...world.calls, ...old.calls]).toEqual([]);
  });

  it('keeps the 1.6 payload for a 1.6 charger', async () => {
    const world = v16({ answer: answering({ TriggerMessage: result({ status: 'NotImplemented' }) }) });
    expect(
      await triggerMessage(world.deps, TENANT, 'CP-1', { requestedMessage: 'MeterValues', connectorId: 2 }),
    ).toEqual({ requestedMessage: 'MeterValues', connectorId: 2, status: 'NotImplemented' });
    expect(world.calls[0]?.payload).toEqual({ requestedMessage: 'MeterValues', connectorId: 2 });
  });
});

describe('resetChargePoint', () => {
  it('maps Hard to Immediate and Soft to OnIdle on 2.0.1, an EVSE as evseId', async () => {
    const world = v201({ answer: answering({ Reset: result({ status: 'Scheduled' }) }) });
    expect(await resetChargePoint(world.deps, TENANT, 'CP-1', { type: 'Hard' })).toEqual({
      type: 'Hard',
      status: 'Scheduled',
    });
    expect(await resetChargePoint(world.deps, TENANT, 'CP-1', { type: 'Soft', connectorId: 2 })).toEqual({
      type: 'Soft',
      connectorId: 2,
      status: 'Scheduled',
    });
    expect(sentCalls(world.calls)).toEqual([
      { action: 'Reset', payload: { type: 'Immediate' } },
      { action: 'Reset', payload: { type: 'OnIdle', evseId: 2 } },
    ]);
  });

  it('sends the 1.6 type as given, and refuses an EVSE for a 1.6 charger (422, nothing sent)', async () => {
    const world = v16({ answer: answering({ Reset: result({ status: 'Accepted' }) }) });
    expect(await resetChargePoint(world.deps, TENANT, 'CP-1', { type: 'Soft' })).toEqual({
      type: 'Soft',
      status: 'Accepted',
    });
    await expect(
      resetChargePoint(world.deps, TENANT, 'CP-1', { type: 'Hard', connectorId: 1 }),
    ).rejects.toMatchObject({ issues: [{ field: 'connectorId' }] });
    expect(sentCalls(world.calls)).toEqual([{ action: 'Reset', payload: { type: 'Soft' } }]);
  });
});

describe('unlockConnector', () => {
  it('names the EVSE and its connector 1 on 2.0.1, and passes the 2.0.1 status through', async () => {
    const world = v201({
      answer: answering({ UnlockConnector: result({ status: 'OngoingAuthorizedTransaction' }) }),
    });
    expect(await unlockConnector(world.deps, TENANT, 'CP-1', 2)).toEqual({
      connectorId: 2,
      status: 'OngoingAuthorizedTransaction',
    });
    expect(sentCalls(world.calls)).toEqual([
      { action: 'UnlockConnector', payload: { evseId: 2, connectorId: 1 } },
    ]);
  });

  it('sends the connector for a 1.6 charger', async () => {
    const world = v16({ answer: answering({ UnlockConnector: result({ status: 'Unlocked' }) }) });
    expect(await unlockConnector(world.deps, TENANT, 'CP-1', 1)).toEqual({
      connectorId: 1,
      status: 'Unlocked',
    });
    expect(world.calls[0]?.payload).toEqual({ connectorId: 1 });
  });
});
