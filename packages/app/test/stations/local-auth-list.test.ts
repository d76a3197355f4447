import { ConflictError, UpstreamTimeoutError } from '@csms/core';
import type { LocalListState } from '@csms/db';
import { describe, expect, it, vi } from 'vitest';
import {
  buildLocalListEntries,
  toAuthorizationData16,
} from '../../src/stations/local-auth-list/build-entries.ts';
import { localListLimits } from '../../src/stations/local-auth-list/charger-limits.ts';
import { pushBlockedToken } from '../../src/stations/local-auth-list/push-blocked-token.ts';
import { syncLocalList } from '../../src/stations/local-auth-list/sync.ts';
import { type Answer, answering, type ReceivedCall, result, TENANT } from './charger-world.ts';
import { localListWorld, token } from './local-list-world.ts';

const now = new Date('2026-03-15T12:00:00.000Z');
/** `now` minus the watermark margin of `fastTimeouts` (one minute). */
const builtFrom = '2026-03-15T11:59:00.000Z';

const tokens = [
  token('CARD-B', { groupIdTag: 'FLEET', expiresAt: '2027-01-01T00:00:00.000Z' }),
  token('CARD-A'),
  token('CARD-LOST', { status: 'Blocked', updatedAt: '2026-03-10T00:00:00.000Z' }),
  token('CARD-OLD', { expiresAt: '2026-03-01T00:00:00.000Z' }),
  token('CARD-SUSP', { customerId: 'cus_2', updatedAt: '2026-03-12T00:00:00.000Z' }),
  token('CARD-NEW', { updatedAt: '2026-03-14T00:00:00.000Z' }),
];
const customers = { cus_1: 'active', cus_2: 'suspended' } as const;

const limitsUnknown = () => ({
  kind: 'error' as const,
  code: 'NotSupported',
  description: 'no',
  details: {},
});

/** A charger that answers SendLocalList with `status` (or per call) and knows no limits. */
function listCharger(status: string | ((call: ReceivedCall) => string) = 'Accepted'): Answer {
  return answering({
    GetConfiguration: limitsUnknown,
    SendLocalList: (call) => result({ status: typeof status === 'function' ? status(call) : status }),
  });
}

const sent = (calls: readonly ReceivedCall[]) =>
  calls.filter((call) => call.action === 'SendLocalList').map((call) => call.payload);

describe('local list entries (I1, A3)', () => {
  it('a full list holds only who may charge now, sorted, with expiry and group', async () => {
    const world = localListWorld({ tokens, customers });
    const entries = await buildLocalListEntries(world.deps, TENANT, 'full', undefined, now);
    expect(entries).toEqual([
      { idTag: 'CARD-A', tokenType: 'RFID', status: 'Accepted' },
      {
        idTag: 'CARD-B',
        tokenType: 'RFID',
        status: 'Accepted',
        expiresAt: '2027-01-01T00:00:00.000Z',
        groupIdTag: 'FLEET',
      },
      { idTag: 'CARD-NEW', tokenType: 'RFID', status: 'Accepted' },
    ]);
    expect(entries.map(toAuthorizationData16)[1]).toEqual({
      idTag: 'CARD-B',
      idTagInfo: { status: 'Accepted', expiryDate: '2027-01-01T00:00:00.000Z', parentIdTag: 'FLEET' },
    });
  });

  it('a differential update carries every token changed since the watermark, Blocked and Expired included', async () => {
    const world = localListWorld({
      tokens: [
        ...tokens,
        token('CARD-GONE', { updatedAt: '2026-03-13T00:00:00.000Z', expiresAt: '2026-03-14T00:00:00.000Z' }),
      ],
      customers,
    });
    const entries = await buildLocalListEntries(
      world.deps,
      TENANT,
      'differential',
      '2026-03-09T00:00:00.000Z',
      now,
    );
    expect(entries).toEqual([
      { idTag: 'CARD-GONE', tokenType: 'RFID', status: 'Expired' },
      { idTag: 'CARD-LOST', tokenType: 'RFID', status: 'Blocked' },
      { idTag: 'CARD-NEW', tokenType: 'RFID', status: 'Accepted' },
      // A suspended customer's token is Blocked on the list (A3).
      { idTag: 'CARD-SUSP', tokenType: 'RFID', status: 'Blocked' },
    ]);
  });
});

describe('localListLimits', () => {
  const configuration = (values: Record<string, string>) =>
    result({
      configurationKey: Object.entries(values).map(([key, value]) => ({ key, readonly: true, value })),
    });

  it('asks GetConfiguration for both keys, stores the limits, and reuses them for a day', async () => {
    const world = localListWorld({
      answer: answering({
        GetConfiguration: configuration({ SendLocalListMaxLength: '50', LocalAuthListMaxLength: '1000' }),
      }),
    });
    const limits = await localListLimits(world.deps, TENANT, 'CP-1', undefined, now, 'ocpp1.6');
    expect(limits).toEqual({
      checkedAt: now.toISOString(),
      sendLocalListMaxLength: 50,
      localAuthListMaxLength: 1000,
    });
    expect(world.calls[0]?.payload).toEqual({ key: ['SendLocalListMaxLength', 'LocalAuthListMaxLength'] });
    expect(world.savedLimits).toEqual([{ chargePointId: 'CP-1', limits }]);

    const state = world.states.get('CP-1');
    const later = new Date(now.getTime() + 23 * 3600 * 1000);
    expect(await localListLimits(world.deps, TENANT, 'CP-1', state, later, 'ocpp1.6')).toEqual(limits);
    expect(world.calls).toHaveLength(1);

    const nextDay = new Date(now.getTime() + 24 * 3600 * 1000);
    await localListLimits(world.deps, TENANT, 'CP-1', state, nextDay, 'ocpp1.6');
    expect(world.calls).toHaveLength(2);
  });

  it('keeps limits unknown for a charger that refuses the question or reports nonsense', async () => {
    const refusing = localListWorld({ answer: answering({ GetConfiguration: limitsUnknown }) });
    expect(await localListLimits(refusing.deps, TENANT, 'CP-1', undefined, now, 'ocpp1.6')).toEqual({
      checkedAt: now.toISOString(),
    });
    expect(refusing.savedLimits).toHaveLength(1);

    const odd = localListWorld({
      answer: answering({
        GetConfiguration: configuration({ SendLocalListMaxLength: '0', LocalAuthListMaxLength: 'many' }),
      }),
    });
    expect(await localListLimits(odd.deps, TENANT, 'CP-1', undefined, now, 'ocpp1.6')).toEqual({
      checkedAt: now.toISOString(),
    });
  });
});

describe('syncLocalList', () => {
  it('sends a full list, version 1, to a charger that holds none, even when a differential was asked', async () => {
    const world = localListWorld({ tokens, customers, answer: listCharger() });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'differential', now);
    expect(record).toEqual({
      mode: 'full',
      trigger: 'api',
      at: now.toISOString(),
      entries: 3,
      outcome: 'Accepted',
      listVersion: 1,
      messages: 1,
    });
    expect(sent(world.calls)).toEqual([
      {
        listVersion: 1,
        updateType: 'Full',
        localAuthorizationList: [
          { idTag: 'CARD-A', idTagInfo: { status: 'Accepted' } },
          {
            idTag: 'CARD-B',
            idTagInfo: { status: 'Accepted', expiryDate: '2027-01-01T00:00:00.000Z', parentIdTag: 'FLEET' },
          },
          { idTag: 'CARD-NEW', idTagInfo: { status: 'Accepted' } },
        ],
      },
    ]);
    expect(world.states.get('CP-1')).toMatchObject({
      listVersion: 1,
      changesSince: builtFrom,
      lastSync: record,
    });
  });

  it('sends only what changed since the watermark as the next version, then moves the watermark', async () => {
    const state: LocalListState = {
      chargePointId: 'CP-1',
      listVersion: 4,
      changesSince: '2026-03-11T00:00:00.000Z',
      limits: { checkedAt: now.toISOString() },
    };
    const world = localListWorld({ tokens, customers, states: [state], answer: listCharger() });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'differential', now);
    expect(record).toMatchObject({ mode: 'differential', outcome: 'Accepted', listVersion: 5, entries: 2 });
    expect(sent(world.calls)).toEqual([
      {
        listVersion: 5,
        updateType: 'Differential',
        localAuthorizationList: [
          { idTag: 'CARD-NEW', idTagInfo: { status: 'Accepted' } },
          { idTag: 'CARD-SUSP', idTagInfo: { status: 'Blocked' } },
        ],
      },
    ]);
    expect(world.states.get('CP-1')).toMatchObject({ listVersion: 5, changesSince: builtFrom });
  });

  it('answers `unchanged` without a message when nothing changed, moving the watermark', async () => {
    const state: LocalListState = {
      chargePointId: 'CP-1',
      listVersion: 4,
      changesSince: '2026-03-14T12:00:00.000Z',
    };
    const world = localListWorld({ tokens, customers, states: [state], answer: listCharger() });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'differential', now);
    expect(record).toMatchObject({ mode: 'differential', outcome: 'unchanged', messages: 0, entries: 0 });
    expect(world.calls).toEqual([]);
    expect(world.states.get('CP-1')).toMatchObject({ listVersion: 4, changesSince: builtFrom });
  });

  it('falls back to a full list when the charger answers the differential update VersionMismatch', async () => {
    const state: LocalListState = {
      chargePointId: 'CP-1',
      listVersion: 4,
      changesSince: '2026-03-11T00:00:00.000Z',
    };
    const world = localListWorld({
      tokens,
      customers,
      states: [state],
      answer: listCharger((call) =>
        call.payload.updateType === 'Differential' ? 'VersionMismatch' : 'Accepted',
      ),
    });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'differential', now);
    expect(record).toMatchObject({
      mode: 'full',
      fallbackFrom: 'differential',
      outcome: 'Accepted',
      entries: 3,
    });
    expect(sent(world.calls).map((payload) => [payload.updateType, payload.listVersion])).toEqual([
      ['Differential', 5],
      ['Full', 5],
    ]);
    expect(world.states.get('CP-1')).toMatchObject({ listVersion: 5, changesSince: builtFrom });
  });

  it('refuses a full list longer than the charger holds, sending nothing', async () => {
    const world = localListWorld({
      tokens,
      customers,
      answer: answering({
        GetConfiguration: result({
          configurationKey: [{ key: 'LocalAuthListMaxLength', readonly: true, value: '2' }],
        }),
        SendLocalList: result({ status: 'Accepted' }),
      }),
    });
    await expect(syncLocalList(world.deps, TENANT, 'CP-1', 'full', now)).rejects.toThrow(ConflictError);
    expect(sent(world.calls)).toEqual([]);
    expect(world.states.get('CP-1')?.lastSync).toMatchObject({
      outcome: 'too-long',
      messages: 0,
      entries: 3,
    });
    expect(world.states.get('CP-1')?.listVersion).toBeUndefined();
  });

  it('splits a list by SendLocalListMaxLength: the first message replaces the list, the rest add to it', async () => {
    const world = localListWorld({
      tokens,
      customers,
      answer: answering({
        GetConfiguration: result({
          configurationKey: [{ key: 'SendLocalListMaxLength', readonly: true, value: '2' }],
        }),
        SendLocalList: result({ status: 'Accepted' }),
      }),
    });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'full', now);
    expect(record).toMatchObject({ outcome: 'Accepted', listVersion: 2, messages: 2, entries: 3 });
    expect(
      sent(world.calls).map((payload) => [
        payload.listVersion,
        payload.updateType,
        (payload.localAuthorizationList as { idTag: string }[]).map((entry) => entry.idTag),
      ]),
    ).toEqual([
      [1, 'Full', ['CARD-A', 'CARD-B']],
      [2, 'Differential', ['CARD-NEW']],
    ]);
    expect(world.states.get('CP-1')).toMatchObject({ listVersion: 2, changesSince: builtFrom });
  });

  it('forgets the watermark when a split full list fails after its first message', async () => {
    const state: LocalListState = {
      chargePointId: 'CP-1',
      listVersion: 7,
      changesSince: '2026-03-11T00:00:00.000Z',
    };
    const world = localListWorld({
      tokens,
      customers,
      states: [state],
      answer: answering({
        GetConfiguration: result({
          configurationKey: [{ key: 'SendLocalListMaxLength', readonly: true, value: '2' }],
        }),
        SendLocalList: (call) =>
          result({ status: call.payload.updateType === 'Full' ? 'Accepted' : 'Failed' }),
      }),
    });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'full', now);
    expect(record).toMatchObject({ outcome: 'Failed', listVersion: 9, messages: 2 });
    // The charger holds version 8 (the first half); the next differential sync must send a full list.
    expect(world.states.get('CP-1')?.listVersion).toBe(8);
    expect(world.states.get('CP-1')?.changesSince).toBeUndefined();
  });

  it('records a silent charger as no-answer, keeps its state, and answers as the command route does', async () => {
    const state: LocalListState = {
      chargePointId: 'CP-1',
      listVersion: 4,
      changesSince: '2026-03-11T00:00:00.000Z',
    };
    const world = localListWorld({ tokens, customers, states: [state], answer: answering({}) });
    await expect(syncLocalList(world.deps, TENANT, 'CP-1', 'differential', now)).rejects.toThrow(
      UpstreamTimeoutError,
    );
    expect(world.states.get('CP-1')).toMatchObject({
      listVersion: 4,
      changesSince: '2026-03-11T00:00:00.000Z',
      lastSync: { outcome: 'no-answer', listVersion: 5, messages: 0 },
    });
  });

  it('refuses a charger that is offline before reading or recording anything', async () => {
    const offline = localListWorld({ chargePoints: [{ connectionId: undefined }] });
    await expect(syncLocalList(offline.deps, TENANT, 'CP-1', 'full', now)).rejects.toThrow(ConflictError);
    await expect(syncLocalList(offline.deps, TENANT, 'CP-1', 'full', now)).rejects.toThrow(
      'is not connected',
    );
    expect(offline.outcomes).toEqual([]);
    expect(offline.calls).toEqual([]);
  });
});

describe('pushBlockedToken (I1)', () => {
  it('marks the token Blocked on every connected charger that holds a list, recording each outcome', async () => {
    const world = localListWorld({
      chargePoints: [
        { id: 'CP-1', connectionId: 'conn-1' },
        { id: 'CP-2', connectionId: undefined },
        { id: 'CP-3', connectionId: 'conn-3' },
      ],
      states: [
        { chargePointId: 'CP-1', listVersion: 3, changesSince: '2026-03-11T00:00:00.000Z' },
        { chargePointId: 'CP-2', listVersion: 1 },
        // Never accepted a list: nothing to remove the token from.
        { chargePointId: 'CP-3', limits: { checkedAt: now.toISOString() } },
      ],
      answer: listCharger(),
    });
    const outcomes = await pushBlockedToken(world.deps, TENANT, token('CARD-LOST'), now);
    expect(outcomes).toEqual([
      { chargePointId: 'CP-1', outcome: 'Accepted' },
      { chargePointId: 'CP-2', outcome: 'not-connected' },
    ]);
    expect(
      world.calls.map(({ chargePointId, action, payload }) => ({ chargePointId, action, payload })),
    ).toEqual([
      {
        chargePointId: 'CP-1',
        action: 'SendLocalList',
        payload: {
          listVersion: 4,
          updateType: 'Differential',
          localAuthorizationList: [{ idTag: 'CARD-LOST', idTagInfo: { status: 'Blocked' } }],
        },
      },
    ]);
    expect(world.states.get('CP-1')).toMatchObject({
      listVersion: 4,
      changesSince: '2026-03-11T00:00:00.000Z',
      lastPush: {
        mode: 'differential',
        trigger: 'token-blocked',
        outcome: 'Accepted',
        idTag: 'CARD-LOST',
        messages: 1,
      },
    });
    expect(world.states.get('CP-2')).toMatchObject({
      listVersion: 1,
      lastPush: { outcome: 'not-connected', detail: 'Sent with the next sync', messages: 0 },
    });
    expect(world.states.get('CP-3')?.lastPush).toBeUndefined();
  });

  it('never throws: a CALLERROR is recorded, and failing storage answers no outcomes', async () => {
    const world = localListWorld({
      states: [{ chargePointId: 'CP-1', listVersion: 3 }],
      answer: answering({
        SendLocalList: { kind: 'error', code: 'InternalError', description: 'x', details: {} },
      }),
    });
    expect(await pushBlockedToken(world.deps, TENANT, token('CARD-LOST'), now)).toEqual([
      { chargePointId: 'CP-1', outcome: 'error' },
    ]);
    expect(world.states.get('CP-1')).toMatchObject({
      listVersion: 3,
      lastPush: { outcome: 'error', detail: 'CALLERROR InternalError' },
    });

    const broken = localListWorld({
      repositories: {
        localAuthLists: {
          listLocalListStates: async () => {
            throw new Error('DynamoDB down');
          },
        },
      },
    });
    const printed = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await pushBlockedToken(broken.deps, TENANT, token('CARD-LOST'), now)).toEqual([]);
      expect(printed).toHaveBeenCalledTimes(1);
    } finally {
      printed.mockRestore();
    }
  });
});

describe('local lists on OCPP 2.0.1', () => {
  const variables = (values: Record<string, string>) =>
    result({
      getVariableResult: ['ItemsPerMessage', 'BytesPerMessage'].map((name) =>
        values[name] === undefined
          ? {
              attributeStatus: 'UnknownVariable',
              component: { name: 'LocalAuthListCtrlr' },
              variable: { name },
            }
          : {
              attributeStatus: 'Accepted',
              attributeValue: values[name],
              component: { name: 'LocalAuthListCtrlr' },
              variable: { name },
            },
      ),
    });
  const v201 = [{ ocppVersion: 'ocpp2.0.1' as const }];
  const fleet = [
    ...tokens,
    token('VID:0A1B2C3D4E5F', { type: 'VehicleId', updatedAt: '2026-03-14T00:00:00.000Z' }),
  ];

  it('asks GetVariables for ItemsPerMessage and BytesPerMessage, then sends versionNumber and typed idTokens', async () => {
    const world = localListWorld({
      chargePoints: v201,
      tokens: fleet,
      customers,
      answer: answering({
        GetVariables: variables({ ItemsPerMessage: '3' }),
        SendLocalList: result({ status: 'Accepted' }),
      }),
    });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'full', now);
    expect(record).toMatchObject({
      mode: 'full',
      outcome: 'Accepted',
      listVersion: 2,
      messages: 2,
      entries: 4,
    });
    expect(world.calls[0]).toMatchObject({
      action: 'GetVariables',
      payload: {
        getVariableData: [
          { component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'ItemsPerMessage' } },
          { component: { name: 'LocalAuthListCtrlr' }, variable: { name: 'BytesPerMessage' } },
        ],
      },
    });
    expect(world.savedLimits[0]?.limits).toEqual({ checkedAt: now.toISOString(), sendLocalListMaxLength: 3 });
    expect(sent(world.calls)).toEqual([
      {
        versionNumber: 1,
        updateType: 'Full',
        localAuthorizationList: [
          { idToken: { idToken: 'CARD-A', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
          {
            idToken: { idToken: 'CARD-B', type: 'ISO14443' },
            idTokenInfo: {
              status: 'Accepted',
              cacheExpiryDateTime: '2027-01-01T00:00:00.000Z',
              groupIdToken: { idToken: 'FLEET', type: 'Central' },
            },
          },
          { idToken: { idToken: 'CARD-NEW', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
        ],
      },
      {
        versionNumber: 2,
        updateType: 'Differential',
        localAuthorizationList: [
          // Not an RFID card: a token the CSMS vouches for.
          { idToken: { idToken: 'VID:0A1B2C3D4E5F', type: 'Central' }, idTokenInfo: { status: 'Accepted' } },
        ],
      },
    ]);
    expect(world.states.get('CP-1')).toMatchObject({ listVersion: 2, changesSince: builtFrom });
  });

  it('keeps every message within BytesPerMessage, counting the whole frame', async () => {
    const many = Array.from({ length: 12 }, (_, i) => token(`CARD-${String(i).padStart(2, '0')}`));
    const maxBytes = 400;
    const world = localListWorld({
      chargePoints: v201,
      tokens: many,
      answer: answering({
        GetVariables: variables({ BytesPerMessage: String(maxBytes) }),
        SendLocalList: result({ status: 'Accepted' }),
      }),
    });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'full', now);
    const frames = world.deps.sent.frames
      .map(({ frame }) => frame)
      .filter((frame) => frame.includes('"SendLocalList"'));
    expect(record.messages).toBe(frames.length);
    expect(frames.length).toBeGreaterThan(1);
    for (const frame of frames) expect(Buffer.byteLength(frame)).toBeLessThanOrEqual(maxBytes);
    // Nothing lost, nothing repeated, in order.
    expect(
      sent(world.calls).flatMap((payload) =>
        (payload.localAuthorizationList as { idToken: { idToken: string } }[]).map((e) => e.idToken.idToken),
      ),
    ).toEqual(many.map((t) => t.idTag));
    expect(sent(world.calls).map((payload) => payload.updateType)).toEqual([
      'Full',
      ...Array(frames.length - 1).fill('Differential'),
    ]);
  });

  it('leaves localAuthorizationList out of an empty full list (2.0.1 allows no empty array)', async () => {
    const world = localListWorld({
      chargePoints: v201,
      tokens: [token('CARD-LOST', { status: 'Blocked' })],
      answer: answering({
        GetVariables: { kind: 'error', code: 'NotImplemented', description: 'no', details: {} },
        SendLocalList: result({ status: 'Accepted' }),
      }),
    });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'full', now);
    expect(record).toMatchObject({ outcome: 'Accepted', entries: 0, messages: 1, listVersion: 1 });
    expect(sent(world.calls)).toEqual([{ versionNumber: 1, updateType: 'Full' }]);
    // A charger that cannot say its limits gets the list in one message.
    expect(world.savedLimits[0]?.limits).toEqual({ checkedAt: now.toISOString() });
  });

  it('sends a differential update, and falls back to the full list on VersionMismatch', async () => {
    const state: LocalListState = {
      chargePointId: 'CP-1',
      listVersion: 4,
      changesSince: '2026-03-11T00:00:00.000Z',
      limits: { checkedAt: now.toISOString() },
    };
    const world = localListWorld({
      chargePoints: v201,
      tokens,
      customers,
      states: [state],
      answer: listCharger((call) =>
        call.payload.updateType === 'Differential' ? 'VersionMismatch' : 'Accepted',
      ),
    });
    const record = await syncLocalList(world.deps, TENANT, 'CP-1', 'differential', now);
    expect(record).toMatchObject({ mode: 'full', fallbackFrom: 'differential', outcome: 'Accepted' });
    expect(sent(world.calls)[0]).toEqual({
      versionNumber: 5,
      updateType: 'Differential',
      localAuthorizationList: [
        { idToken: { idToken: 'CARD-NEW', type: 'ISO14443' }, idTokenInfo: { status: 'Accepted' } },
        { idToken: { idToken: 'CARD-SUSP', type: 'ISO14443' }, idTokenInfo: { status: 'Blocked' } },
      ],
    });
    expect(sent(world.calls).map((payload) => [payload.updateType, payload.versionNumber])).toEqual([
      ['Differential', 5],
      ['Full', 5],
    ]);
  });

  it('pushes a blocked token to a 2.0.1 charger as a typed idToken', async () => {
    const world = localListWorld({
      chargePoints: [
        { id: 'CP-1', connectionId: 'conn-1' },
        { id: 'CP-2', connectionId: 'conn-2', ocppVersion: 'ocpp2.0.1' },
      ],
      states: [
        { chargePointId: 'CP-1', listVersion: 3 },
        { chargePointId: 'CP-2', listVersion: 8 },
      ],
      answer: listCharger(),
    });
    expect(await pushBlockedToken(world.deps, TENANT, token('CARD-LOST'), now)).toEqual([
      { chargePointId: 'CP-1', outcome: 'Accepted' },
      { chargePointId: 'CP-2', outcome: 'Accepted' },
    ]);
    expect(world.calls.map(({ chargePointId, payload }) => ({ chargePointId, payload }))).toEqual([
      {
        chargePointId: 'CP-1',
        payload: {
          listVersion: 4,
          updateType: 'Differential',
          localAuthorizationList: [{ idTag: 'CARD-LOST', idTagInfo: { status: 'Blocked' } }],
        },
      },
      {
        chargePointId: 'CP-2',
        payload: {
          versionNumber: 9,
          updateType: 'Differential',
          localAuthorizationList: [
            { idToken: { idToken: 'CARD-LOST', type: 'ISO14443' }, idTokenInfo: { status: 'Blocked' } },
          ],
        },
      },
    ]);
    expect(world.states.get('CP-2')).toMatchObject({ listVersion: 9, lastPush: { outcome: 'Accepted' } });
  });
});
