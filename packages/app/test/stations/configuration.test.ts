import {
  type BootAcceptance,
  ConflictError,
  hashSecret,
  UpstreamError,
  UpstreamTimeoutError,
  ValidationError,
  verifySecret,
} from '@csms/core';
import type {
  AvailabilityIntent,
  ReportPartOrigin,
  StoredChargePoint,
  StoredVariable,
  VariableQuery,
  VariableReport,
} from '@csms/db';
import { describe, expect, it } from 'vitest';
import { acceptChargerBoot } from '../../src/stations/charge-points/boot-acceptance.ts';
import {
  matchChargerPassword,
  promotePendingPassword,
} from '../../src/stations/charge-points/charger-password.ts';
import { rotateChargePointPassword } from '../../src/stations/charge-points/rotate-password.ts';
import { updateChargePoint } from '../../src/stations/charge-points/update-charge-point.ts';
import { chargerMaySend, recordChargerBoot } from '../../src/stations/charger-boot.ts';
import {
  batchesOf,
  getVariables,
  type SetVariableItem,
  setVariables,
} from '../../src/stations/configuration/variables.ts';
import {
  type Answer,
  answering,
  chargerWorld,
  fastTimeouts,
  type ReceivedCall,
  result,
  TENANT,
} from './charger-world.ts';

/**
 * Commands and connections as a conformance suite drives them: the password changed over OCPP without locking
 * the charger out, the boot answered per charger and accepted later, and Get/SetVariables batched by what the
 * charger's device model allows. One in-memory world: the charge point registry with the password fields as
 * the table keeps them, a simulated charger answering CALLs, and the stored device model.
 */
const OLD_PASSWORD = 'the-old-password-1234';

interface ConfigWorldOptions {
  readonly chargePoint?: Partial<StoredChargePoint>;
  readonly answer?: Answer;
  readonly variables?: readonly StoredVariable[];
  readonly intent?: AvailabilityIntent;
}

function configWorld(options: ConfigWorldOptions = {}) {
  const stored: VariableReport[][] = [];
  const origins: ReportPartOrigin[] = [];
  const boots: { status: BootAcceptance | undefined }[] = [];
  const reads: string[] = [];
  const cp = () => {
    const found = world.chargePoints.get('CP-1');
    if (!found) throw new Error('no CP-1');
    return found;
  };
  const change = (next: Partial<StoredChargePoint>, drop: (keyof StoredChargePoint)[] = []) => {
    const found = cp();
    const changed: Record<string, unknown> = { ...found.chargePoint, ...next };
    for (const field of drop) delete changed[field];
    world.chargePoints.set('CP-1', { ...found, chargePoint: changed as unknown as StoredChargePoint });
  };
  const world = chargerWorld({
    chargePoints: [{ passwordHash: hashSecret(OLD_PASSWORD), ...options.chargePoint }],
    settings: { timeouts: fastTimeouts },
    answer: options.answer ?? (() => undefined),
    repositories: {
      chargePoints: {
        setChargePointPassword: async (_current, passwordHash, at) => {
          change({ passwordHash, updatedAt: at }, ['pendingPasswordHash', 'pendingPasswordSince']);
          return 'updated';
        },
        beginPasswordChange: async (_current, pendingPasswordHash, at) => {
          change({ pendingPasswordHash, pendingPasswordSince: at });
          return 'updated';
        },
        settlePasswordChange: async (_tenantId, _id, pending, outcome, at) => {
          if (cp().chargePoint.pendingPasswordHash !== pending) return false;
          if ('promote' in outcome) {
            change({ passwordHash: pending, updatedAt: at }, ['pendingPasswordHash', 'pendingPasswordSince']);
          } else if (outcome.restore) {
            change({
              pendingPasswordHash: outcome.restore.hash,
              pendingPasswordSince: outcome.restore.since,
            });
          } else {
            change({ updatedAt: at }, ['pendingPasswordHash', 'pendingPasswordSince']);
          }
          return true;
        },
        configureChargePoint: async (_current, changes, at) => {
          change({ bootAcceptance: changes.bootAcceptance, updatedAt: at });
          return 'updated';
        },
        recordBoot: async (_tenantId, _id, _boot, status) => {
          boots.push({ status });
          change({ registrationStatus: status });
        },
        getRegistrationStatus: async () => {
          reads.push('registrationStatus');
          return cp().chargePoint.registrationStatus;
        },
      },
      tenants: { getTenant: async () => undefined },
      availability: {
        getAvailabilityIntent: async () => options.intent,
        recordAvailabilityAttempt: async () => true,
      },
      deviceModel: {
        listReportedVariables: async (_tenantId, _id, query: VariableQuery) => ({
          items: (options.variables ?? []).filter(
            (v) =>
              (query.component === undefined ||
                v.component.name.toLowerCase() === query.component.toLowerCase()) &&
              (query.variable === undefined ||
                v.variable.name.toLowerCase() === query.variable.toLowerCase()),
          ),
          nextCursor: null,
        }),
        storeReportedVariables: async (_tenantId, _id, origin, reports) => {
          origins.push(origin);
          stored.push([...reports]);
          return { written: reports.length, unchanged: 0 };
        },
      },
    },
  });
  return { ...world, stored, origins, boots, reads, cp };
}

const v201 = { ocppVersion: 'ocpp2.0.1' } as const;

describe('rotating the password of a connected charger', () => {
  it('2.0.1: sets it with SetVariables first, both passwords open a connection meanwhile, Accepted makes it the one', async () => {
    let duringCall: { old: boolean; new: boolean } | undefined;
    const world = configWorld({
      chargePoint: v201,
      answer: answering({
        SetVariables: (call) => {
          const [item] = call.payload.setVariableData as { attributeValue: string }[];
          const now = world.cp().chargePoint;
          // A charger reconnecting now, with either password, is let in.
          duringCall = {
            old: matchChargerPassword(now, OLD_PASSWORD) === 'current',
            new: matchChargerPassword(now, item?.attributeValue ?? '') === 'pending',
          };
          return result({
            setVariableResult: [
              {
                attributeStatus: 'Accepted',
                component: { name: 'SecurityCtrlr' },
                variable: { name: 'BasicAuthPassword' },
              },
            ],
          });
        },
      }),
    });
    const rotated = await rotateChargePointPassword(world.deps, TENANT, 'CP-1');

    expect(world.calls.map((c) => [c.action, c.payload])).toEqual([
      [
        'SetVariables',
        {
          setVariableData: [
            {
              component: { name: 'SecurityCtrlr' },
              variable: { name: 'BasicAuthPassword' },
              attributeValue: rotated.password,
            },
          ],
        },
      ],
    ]);
    expect(duringCall).toEqual({ old: true, new: true });
    expect(rotated).toMatchObject({ setOnCharger: true, chargerStatus: 'Accepted' });
    expect(rotated.password).toHaveLength(32);
    const after = world.cp().chargePoint;
    expect(matchChargerPassword(after, rotated.password)).toBe('current');
    expect(matchChargerPassword(after, OLD_PASSWORD)).toBeUndefined();
    expect(after.pendingPasswordHash).toBeUndefined();
  });

  it('1.6: sends AuthorizationKey hex-encoded (security whitepaper), a password of at most 20 bytes', async () => {
    const world = configWorld({
      chargePoint: { ocppVersion: 'ocpp1.6' },
      answer: answering({ ChangeConfiguration: result({ status: 'Accepted' }) }),
    });
    const rotated = await rotateChargePointPassword(world.deps, TENANT, 'CP-1');
    expect(rotated.password).toHaveLength(20);
    const [call] = world.calls;
    expect(call?.action).toBe('ChangeConfiguration');
    expect(call?.payload.key).toBe('AuthorizationKey');
    expect(Buffer.from(String(call?.payload.value), 'hex').toString('utf8')).toBe(rotated.password);
    expect(String(call?.payload.value)).toMatch(/^[0-9A-F]{40}$/);
    expect(matchChargerPassword(world.cp().chargePoint, rotated.password)).toBe('current');
  });

  it('RebootRequired counts as accepted but keeps both passwords until the charger connects with the new one', async () => {
    const world = configWorld({
      chargePoint: { ocppVersion: 'ocpp1.6' },
      answer: answering({ ChangeConfiguration: result({ status: 'RebootRequired' }) }),
    });
    const rotated = await rotateChargePointPassword(world.deps, TENANT, 'CP-1');
    expect(rotated).toMatchObject({ setOnCharger: true, chargerStatus: 'RebootRequired' });
    expect(matchChargerPassword(world.cp().chargePoint, OLD_PASSWORD)).toBe('current');
    expect(matchChargerPassword(world.cp().chargePoint, rotated.password)).toBe('pending');

    // After its restart it connects with the new one: the handshake settles the change.
    await promotePendingPassword(world.deps, world.cp().chargePoint);
    expect(matchChargerPassword(world.cp().chargePoint, rotated.password)).toBe('current');
    expect(matchChargerPassword(world.cp().chargePoint, OLD_PASSWORD)).toBeUndefined();
  });

  it.each([
    ['a Rejected status', result({ status: 'Rejected' }), 'Rejected'],
    [
      'a CALLERROR',
      { kind: 'error', code: 'NotSupported', description: 'no', details: {} } as const,
      'NotSupported',
    ],
  ])('keeps the old password on %s, and the charger’s word is the error code', async (_, reply, code) => {
    const world = configWorld({
      chargePoint: { ocppVersion: 'ocpp1.6' },
      answer: answering({ ChangeConfiguration: reply }),
    });
    const error = await rotateChargePointPassword(world.deps, TENANT, 'CP-1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as UpstreamError).code).toBe(code);
    const after = world.cp().chargePoint;
    expect(matchChargerPassword(after, OLD_PASSWORD)).toBe('current');
    expect(after.pendingPasswordHash).toBeUndefined();
  });

  it('a 2.0.1 refusal puts back a change that was still pending from before', async () => {
    const earlier = hashSecret('an-earlier-unsettled-one');
    const world = configWorld({
      chargePoint: {
        ...v201,
        pendingPasswordHash: earlier,
        pendingPasswordSince: '2026-03-01T00:00:00.000Z',
      },
      answer: answering({
        SetVariables: result({
          setVariableResult: [
            {
              attributeStatus: 'Rejected',
              attributeStatusInfo: { reasonCode: 'TooShort' },
              component: { name: 'SecurityCtrlr' },
              variable: { name: 'BasicAuthPassword' },
            },
          ],
        }),
      }),
    });
    const error = (await rotateChargePointPassword(world.deps, TENANT, 'CP-1').catch(
      (e) => e,
    )) as UpstreamError;
    expect(error.code).toBe('Rejected');
    expect(error.details).toEqual({ chargerStatus: 'Rejected', statusInfo: { reasonCode: 'TooShort' } });
    expect(world.cp().chargePoint.pendingPasswordHash).toBe(earlier);
    expect(world.cp().chargePoint.pendingPasswordSince).toBe('2026-03-01T00:00:00.000Z');
  });

  it('without an answer both passwords stay valid: nobody knows which one the charger holds', async () => {
    let sent = '';
    const world = configWorld({
      chargePoint: v201,
      answer: (call) => {
        sent = (call.payload.setVariableData as { attributeValue: string }[])[0]?.attributeValue ?? '';
        return undefined;
      },
    });
    await expect(rotateChargePointPassword(world.deps, TENANT, 'CP-1')).rejects.toBeInstanceOf(
      UpstreamTimeoutError,
    );
    expect(matchChargerPassword(world.cp().chargePoint, OLD_PASSWORD)).toBe('current');
    expect(matchChargerPassword(world.cp().chargePoint, sent)).toBe('pending');
  });

  it('accepts a charger that reconnected with the new password before its answer was read', async () => {
    const world = configWorld({
      chargePoint: v201,
      answer: answering({
        SetVariables: () => {
          // The handshake of the new connection promotes the pending password first.
          void promotePendingPassword(world.deps, world.cp().chargePoint);
          return result({
            setVariableResult: [
              {
                attributeStatus: 'Accepted',
                component: { name: 'SecurityCtrlr' },
                variable: { name: 'BasicAuthPassword' },
              },
            ],
          });
        },
      }),
    });
    const rotated = await rotateChargePointPassword(world.deps, TENANT, 'CP-1');
    expect(rotated.chargerStatus).toBe('Accepted');
    expect(matchChargerPassword(world.cp().chargePoint, rotated.password)).toBe('current');
  });

  it('an offline charger gets the new password at once, to configure by hand', async () => {
    const world = configWorld({ chargePoint: { connectionId: undefined } });
    const rotated = await rotateChargePointPassword(world.deps, TENANT, 'CP-1');
    expect(world.calls).toEqual([]);
    expect(rotated).toMatchObject({ setOnCharger: false });
    expect(rotated.chargerStatus).toBeUndefined();
    expect(matchChargerPassword(world.cp().chargePoint, rotated.password)).toBe('current');
    expect(matchChargerPassword(world.cp().chargePoint, OLD_PASSWORD)).toBeUndefined();
  });

  it('treats a connection the gateway no longer knows as offline', async () => {
    const world = configWorld({ chargePoint: v201 });
    world.deps.chargers.describe = async () => undefined;
    const rotated = await rotateChargePointPassword(world.deps, TENANT, 'CP-1');
    expect(world.calls).toEqual([]);
    expect(rotated.setOnCharger).toBe(false);
  });
});

describe('an operator-chosen password', () => {
  it('is stored with the slow hash and answered back', async () => {
    const world = configWorld({ chargePoint: { ...v201, connectionId: undefined } });
    const chosen = 'Preconfigured-At-Factory-42';
    const rotated = await rotateChargePointPassword(world.deps, TENANT, 'CP-1', chosen);
    expect(rotated.password).toBe(chosen);
    const hash = world.cp().chargePoint.passwordHash;
    expect(hash.startsWith('scrypt$N=16384,r=8,p=1$')).toBe(true);
    expect(hash).not.toContain(chosen);
    expect(verifySecret(chosen, hash)).toBe(true);
    expect(verifySecret('Preconfigured-At-Factory-43', hash)).toBe(false);
  });

  it('is sent to a connected charger the same way', async () => {
    const world = configWorld({
      chargePoint: v201,
      answer: answering({
        SetVariables: (call) => {
          const [{ component, variable }] = call.payload.setVariableData as [Record<string, unknown>];
          return result({ setVariableResult: [{ attributeStatus: 'Accepted', component, variable }] });
        },
      }),
    });
    await rotateChargePointPassword(world.deps, TENANT, 'CP-1', 'operator-chose-this-one');
    const sent = world.calls[0]?.payload.setVariableData as { attributeValue: string }[] | undefined;
    expect(sent?.[0]?.attributeValue).toBe('operator-chose-this-one');
    expect(matchChargerPassword(world.cp().chargePoint, 'operator-chose-this-one')).toBe('current');
  });

  it('is at most 20 bytes for an OCPP 1.6 charger, refused naming the field', async () => {
    const world = configWorld({ chargePoint: { ocppVersion: 'ocpp1.6', connectionId: undefined } });
    const error = await rotateChargePointPassword(world.deps, TENANT, 'CP-1', 'a'.repeat(21)).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues).toEqual([
      expect.objectContaining({ field: 'password', in: 'body' }),
    ]);
    expect(matchChargerPassword(world.cp().chargePoint, OLD_PASSWORD)).toBe('current');
  });
});

const bootReport = (ocppVersion: 'ocpp1.6' | 'ocpp2.0.1' = 'ocpp2.0.1') => ({
  tenantId: TENANT,
  chargePointId: 'CP-1',
  ocppVersion,
  boot: { vendor: 'Acme', model: 'X' },
  receivedAt: new Date('2026-03-15T12:00:00Z'),
});

describe('the boot answer per charger', () => {
  it('is Accepted with the heartbeat interval by default, and recorded as the registration status', async () => {
    const world = configWorld({ chargePoint: v201 });
    expect(await recordChargerBoot(world.deps, bootReport())).toEqual({
      status: 'Accepted',
      heartbeatIntervalSeconds: 300,
    });
    expect(world.boots).toEqual([{ status: 'Accepted' }]);
  });

  it.each([
    ['Pending', 60],
    ['Rejected', 300],
  ] as const)(
    'is %s with the retry interval when the operator says so, and sends nothing else',
    async (status, retry) => {
      const world = configWorld({
        chargePoint: { ...v201, bootAcceptance: status },
        // A maintenance change the charger missed waits for the boot that is accepted.
        intent: { type: 'Inoperative', requestedAt: '2026-03-15T11:00:00.000Z', state: 'pending' },
        answer: answering({ ChangeAvailability: result({ status: 'Accepted' }) }),
      });
      expect(await recordChargerBoot(world.deps, bootReport())).toEqual({
        status,
        retryIntervalSeconds: retry,
      });
      expect(world.boots).toEqual([{ status }]);
      expect(world.calls).toEqual([]);
    },
  );
});

describe('messages from a charger that is not accepted', () => {
  const verdict = async (registrationStatus: BootAcceptance | undefined, action: string) => {
    const world = configWorld({ chargePoint: { ...v201, registrationStatus } });
    return { verdict: await chargerMaySend(world.deps, TENANT, 'CP-1', action), reads: world.reads };
  };

  it('are refused while Pending, except BootNotification, Heartbeat and the parts of a report asked for', async () => {
    expect((await verdict('Pending', 'StatusNotification')).verdict).toEqual({
      allowed: false,
      registrationStatus: 'Pending',
    });
    expect((await verdict('Pending', 'NotifyEvent')).verdict.allowed).toBe(false);
    expect((await verdict('Pending', 'TransactionEvent')).verdict.allowed).toBe(false);
    expect((await verdict('Pending', 'NotifyReport')).verdict.allowed).toBe(true);
    expect((await verdict('Pending', 'BootNotification')).verdict.allowed).toBe(true);
  });

  it('are refused while Rejected, except BootNotification', async () => {
    expect((await verdict('Rejected', 'NotifyReport')).verdict).toEqual({
      allowed: false,
      registrationStatus: 'Rejected',
    });
    expect((await verdict('Rejected', 'BootNotification')).verdict.allowed).toBe(true);
  });

  it('pass from an accepted charger, and from one that never booted', async () => {
    expect((await verdict('Accepted', 'StatusNotification')).verdict.allowed).toBe(true);
    expect((await verdict(undefined, 'StatusNotification')).verdict.allowed).toBe(true);
  });

  it('cost no read for a Heartbeat or a BootNotification', async () => {
    expect(await verdict('Rejected', 'Heartbeat')).toEqual({ verdict: { allowed: true }, reads: [] });
    expect((await verdict('Pending', 'BootNotification')).reads).toEqual([]);
    expect((await verdict('Pending', 'MeterValues')).reads).toEqual(['registrationStatus']);
  });
});

const triggerAccepted = answering({ TriggerMessage: result({ status: 'Accepted' }) });

describe('accepting a charger held at boot', () => {
  it.each(['ocpp2.0.1', 'ocpp1.6'] as const)(
    'sets Accepted and asks a connected Pending %s charger to boot now',
    async (ocppVersion) => {
      const world = configWorld({
        chargePoint: { ocppVersion, bootAcceptance: 'Pending', registrationStatus: 'Pending' },
        answer: triggerAccepted,
      });
      expect(await acceptChargerBoot(world.deps, TENANT, 'CP-1')).toEqual({
        id: 'CP-1',
        bootAcceptance: 'Accepted',
        registrationStatus: 'Pending',
        bootTrigger: { attempted: true, status: 'Accepted' },
      });
      expect(world.calls.map((c) => [c.action, c.payload])).toEqual([
        ['TriggerMessage', { requestedMessage: 'BootNotification' }],
      ]);
      expect(world.cp().chargePoint.bootAcceptance).toBe('Accepted');

      // The boot it sends now is accepted.
      expect((await recordChargerBoot(world.deps, bootReport(ocppVersion))).status).toBe('Accepted');
      expect(world.cp().chargePoint.registrationStatus).toBe('Accepted');
    },
  );

  it('triggers nothing for a charger that is offline, or whose last boot was not Pending', async () => {
    const offline = configWorld({
      chargePoint: {
        ...v201,
        connectionId: undefined,
        bootAcceptance: 'Pending',
        registrationStatus: 'Pending',
      },
    });
    expect((await acceptChargerBoot(offline.deps, TENANT, 'CP-1')).bootTrigger).toEqual({
      attempted: false,
      reason: 'not-connected',
    });
    const rejected = configWorld({
      chargePoint: { ...v201, bootAcceptance: 'Rejected', registrationStatus: 'Rejected' },
    });
    expect((await acceptChargerBoot(rejected.deps, TENANT, 'CP-1')).bootTrigger).toEqual({
      attempted: false,
      reason: 'not-pending',
    });
    expect([...offline.calls, ...rejected.calls]).toEqual([]);
    expect(rejected.cp().chargePoint.bootAcceptance).toBe('Accepted');
  });

  it('is recorded even when the trigger gets no answer', async () => {
    const world = configWorld({
      chargePoint: { ...v201, bootAcceptance: 'Pending', registrationStatus: 'Pending' },
    });
    const accepted = await acceptChargerBoot(world.deps, TENANT, 'CP-1');
    expect(accepted.bootTrigger).toEqual({
      attempted: true,
      error: expect.stringContaining('did not answer'),
    });
    expect(world.cp().chargePoint.bootAcceptance).toBe('Accepted');
  });

  it('happens too when a PATCH sets bootAcceptance back to Accepted', async () => {
    const world = configWorld({
      chargePoint: { ...v201, bootAcceptance: 'Pending', registrationStatus: 'Pending' },
      answer: triggerAccepted,
    });
    await updateChargePoint(world.deps, TENANT, 'CP-1', { bootAcceptance: 'Accepted' });
    expect(world.calls.map((c) => c.action)).toEqual(['TriggerMessage']);

    await updateChargePoint(world.deps, TENANT, 'CP-1', { bootAcceptance: 'Pending' });
    expect(world.calls).toHaveLength(1);
    expect(world.cp().chargePoint.bootAcceptance).toBe('Pending');
  });
});

/** A stored DeviceDataCtrlr limit, as a NotifyReport leaves it. */
const limit = (name: string, instance: string | undefined, value: string): StoredVariable => ({
  component: { name: 'DeviceDataCtrlr' },
  variable: instance === undefined ? { name } : { name, instance },
  attributes: [
    { type: 'Actual', value, mutability: 'ReadOnly', reportedAt: '2026-03-01T00:00:00.000Z', requestId: 1 },
  ],
  reportedAt: '2026-03-01T00:00:00.000Z',
  requestId: 1,
});

const item = (name: string, component = 'OCPPCommCtrlr') => ({
  component: { name: component },
  variable: { name },
});

/** Answers GetVariables with `value-<name>` for every item, SetVariables with `statuses` by variable name. */
function variablesCharger(statuses: Record<string, string> = {}): Answer {
  return (call: ReceivedCall) => {
    if (call.action === 'GetVariables') {
      const asked = call.payload.getVariableData as { component: object; variable: { name: string } }[];
      return result({
        getVariableResult: asked.map((a) => ({
          attributeStatus: 'Accepted',
          attributeValue: `value-${a.variable.name}`,
          component: a.component,
          variable: a.variable,
        })),
      });
    }
    if (call.action === 'SetVariables') {
      const asked = call.payload.setVariableData as { component: object; variable: { name: string } }[];
      return result({
        setVariableResult: asked.map((a) => ({
          attributeStatus: statuses[a.variable.name] ?? 'Accepted',
          component: a.component,
          variable: a.variable,
        })),
      });
    }
    return undefined;
  };
}

describe('Get/SetVariables in batches', () => {
  it('cuts by item count and by frame bytes; an item too large alone still goes alone', () => {
    const frameOf = (batch: readonly string[]) => JSON.stringify(batch);
    expect(batchesOf(['a', 'b', 'c'], { itemsPerMessage: 2 }, frameOf)).toEqual([['a', 'b'], ['c']]);
    // ["aaaa","bbbb"] is 15 bytes: over 12, so each goes alone.
    expect(batchesOf(['aaaa', 'bbbb', 'c'], { itemsPerMessage: 10, bytesPerMessage: 12 }, frameOf)).toEqual([
      ['aaaa'],
      ['bbbb', 'c'],
    ]);
    expect(batchesOf(['a'.repeat(50)], { itemsPerMessage: 10, bytesPerMessage: 12 }, frameOf)).toEqual([
      ['a'.repeat(50)],
    ]);
  });

  it('sends 3 items to a charger whose ItemsPerMessage is 2 as 2 calls and merges the results in order', async () => {
    const world = configWorld({
      chargePoint: v201,
      variables: [
        limit('ItemsPerMessage', 'GetVariables', '2'),
        limit('ItemsPerMessage', 'SetVariables', '5'),
      ],
      answer: variablesCharger(),
    });
    const outcome = await getVariables(world.deps, TENANT, 'CP-1', [
      item('HeartbeatInterval'),
      item('OfflineThreshold'),
      item('MessageTimeout'),
    ]);
    expect(world.calls.map((c) => (c.payload.getVariableData as unknown[]).length)).toEqual([2, 1]);
    expect(outcome.batches).toBe(2);
    expect(outcome.limits).toEqual({ itemsPerMessage: 2, bytesPerMessage: undefined });
    expect(outcome.results.map((r) => r.attributeValue)).toEqual([
      'value-HeartbeatInterval',
      'value-OfflineThreshold',
      'value-MessageTimeout',
    ]);
    expect(outcome.incomplete).toBeUndefined();
  });

  it('batches by 10 items when the device model does not say, and by BytesPerMessage when it does', async () => {
    const plenty = Array.from({ length: 12 }, (_, i) => item(`Variable${i}`));
    const unknown = configWorld({ chargePoint: v201, answer: variablesCharger() });
    await getVariables(unknown.deps, TENANT, 'CP-1', plenty);
    expect(unknown.calls.map((c) => (c.payload.getVariableData as unknown[]).length)).toEqual([10, 2]);

    const tight = configWorld({
      chargePoint: v201,
      variables: [limit('BytesPerMessageGetVariables', undefined, '300')],
      answer: variablesCharger(),
    });
    await getVariables(tight.deps, TENANT, 'CP-1', plenty);
    const sizes = tight.calls.map((c) => Buffer.byteLength(JSON.stringify(c.frame)));
    expect(sizes.every((size) => size <= 300)).toBe(true);
    expect(tight.calls.flatMap((c) => c.payload.getVariableData as unknown[])).toHaveLength(12);
  });

  it('stores accepted values, keeping what the device model knew of the attribute', async () => {
    const heartbeat: StoredVariable = {
      component: { name: 'OCPPCommCtrlr' },
      variable: { name: 'HeartbeatInterval' },
      attributes: [
        {
          type: 'Actual',
          value: '300',
          mutability: 'ReadWrite',
          persistent: true,
          reportedAt: 'x',
          requestId: 1,
        },
      ],
      reportedAt: 'x',
      requestId: 1,
    };
    const world = configWorld({ chargePoint: v201, variables: [heartbeat], answer: variablesCharger() });
    await getVariables(world.deps, TENANT, 'CP-1', [item('HeartbeatInterval')]);
    expect(world.origins).toEqual([{ requestId: 0, generatedAt: '2026-03-15T12:00:00.000Z' }]);
    expect(world.stored).toEqual([
      [
        {
          component: { name: 'OCPPCommCtrlr' },
          variable: { name: 'HeartbeatInterval' },
          attributes: [
            { type: 'Actual', value: 'value-HeartbeatInterval', mutability: 'ReadWrite', persistent: true },
          ],
        },
      ],
    ]);
  });

  it('stores what SetVariables accepted, not what needs a reboot, never a WriteOnly value', async () => {
    const secretish: StoredVariable = {
      component: { name: 'OCPPCommCtrlr' },
      variable: { name: 'Secret' },
      attributes: [{ type: 'Actual', mutability: 'WriteOnly', reportedAt: 'x', requestId: 1 }],
      reportedAt: 'x',
      requestId: 1,
    };
    const world = configWorld({
      chargePoint: v201,
      variables: [secretish],
      answer: variablesCharger({ NetworkProfile: 'RebootRequired', Bogus: 'UnknownVariable' }),
    });
    const items: SetVariableItem[] = [
      { ...item('HeartbeatInterval'), attributeValue: '60' },
      { ...item('NetworkProfile'), attributeValue: '1' },
      { ...item('Bogus'), attributeValue: 'x' },
      { ...item('Secret'), attributeValue: 'hush' },
    ];
    const outcome = await setVariables(world.deps, TENANT, 'CP-1', items);
    expect(outcome.results.map((r) => r.attributeStatus)).toEqual([
      'Accepted',
      'RebootRequired',
      'UnknownVariable',
      'Accepted',
    ]);
    expect(world.stored.flat().map((r) => [r.variable.name, r.attributes[0]?.value])).toEqual([
      ['HeartbeatInterval', '60'],
    ]);
  });

  it('refuses to set the Basic-auth password: the password route keeps the charger from being locked out', async () => {
    const world = configWorld({ chargePoint: v201, answer: variablesCharger() });
    const error = await setVariables(world.deps, TENANT, 'CP-1', [
      { ...item('HeartbeatInterval'), attributeValue: '60' },
      {
        component: { name: 'SecurityCtrlr' },
        variable: { name: 'BasicAuthPassword' },
        attributeValue: 'x'.repeat(20),
      },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.field)).toEqual(['items.1.variable.name']);
    expect(world.calls).toEqual([]);
  });

  it('answers what it has when a later batch fails, and fails as a command when the first one does', async () => {
    let answered = 0;
    const flaky: Answer = (call) => (answered++ === 0 ? variablesCharger()(call) : undefined);
    const world = configWorld({
      chargePoint: v201,
      variables: [limit('ItemsPerMessage', 'GetVariables', '2')],
      answer: flaky,
    });
    const outcome = await getVariables(world.deps, TENANT, 'CP-1', [item('A'), item('B'), item('C')]);
    expect(outcome.results).toHaveLength(2);
    expect(outcome.incomplete).toEqual({
      error: expect.stringContaining('did not answer'),
      firstUnanswered: 2,
    });

    const silent = configWorld({ chargePoint: v201 });
    await expect(getVariables(silent.deps, TENANT, 'CP-1', [item('A')])).rejects.toBeInstanceOf(
      UpstreamTimeoutError,
    );
  });

  it('is for connected OCPP 2.0.1 chargers only', async () => {
    const v16 = configWorld({ chargePoint: { ocppVersion: 'ocpp1.6' } });
    await expect(getVariables(v16.deps, TENANT, 'CP-1', [item('A')])).rejects.toBeInstanceOf(ConflictError);
    const offline = configWorld({ chargePoint: { ...v201, connectionId: undefined } });
    await expect(getVariables(offline.deps, TENANT, 'CP-1', [item('A')])).rejects.toBeInstanceOf(
      ConflictError,
    );
  });
});
