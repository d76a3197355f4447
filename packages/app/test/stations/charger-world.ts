import type { CallReply, ChargePointWithConnectors, PendingCall, StoredChargePoint } from '@csms/db';
import { type FakeDeps, type FakeDepsOptions, fakeDeps } from '../support/fake-deps.ts';

/**
 * A small in-memory world for the station use cases: charge points in a Map, the pending-call slot of each
 * charger in a Map (as `pending-calls.ts` keeps it: one per charger, the reply stored on it), and a simulated
 * charger behind `chargers.send` that answers each CALL it receives through that slot, the way the `$default`
 * invocation stores a CALLRESULT/CALLERROR.
 */
export const TENANT = 't_1';

export interface ReceivedCall {
  readonly connectionId: string;
  readonly chargePointId: string | undefined;
  readonly messageId: string;
  readonly action: string;
  readonly payload: Record<string, unknown>;
  readonly frame: unknown;
}

/** What the charger answers: a reply, or undefined for silence. */
export type Answer = (call: ReceivedCall) => CallReply | undefined;

export interface StoredSlot extends PendingCall {
  reply?: CallReply;
}

export interface WorldOptions extends FakeDepsOptions {
  readonly chargePoints?: readonly Partial<StoredChargePoint>[];
  readonly answer?: Answer;
  /** What `chargers.send` answers: false when the connection is gone. */
  readonly delivered?: boolean;
  /** How long the simulated charger takes to answer; by default the reply is stored before `send` returns. */
  readonly replyDelayMs?: number;
}

export interface World {
  readonly deps: FakeDeps;
  readonly chargePoints: Map<string, ChargePointWithConnectors>;
  readonly slots: Map<string, StoredSlot>;
  /** Every CALL the chargers received, decoded. */
  readonly calls: ReceivedCall[];
  /** Every slot released, by message id. */
  readonly released: string[];
}

export const result = (payload: Record<string, unknown>): CallReply => ({ kind: 'result', payload });

export function chargePoint(overrides: Partial<StoredChargePoint> = {}): StoredChargePoint {
  return {
    tenantId: TENANT,
    id: 'CP-1',
    passwordHash: 'x',
    createdAt: '2026-01-01T00:00:00.000Z',
    connectionId: 'conn-CP-1',
    ocppVersion: 'ocpp1.6',
    ...overrides,
  };
}

const slotKey = (tenantId: string, chargePointId: string) => `${tenantId}#${chargePointId}`;

export function chargerWorld(options: WorldOptions = {}): World {
  const chargePoints = new Map<string, ChargePointWithConnectors>();
  for (const overrides of options.chargePoints ?? [{}]) {
    const stored = chargePoint(overrides);
    chargePoints.set(stored.id, { chargePoint: stored, connectors: [] });
  }
  const slots = new Map<string, StoredSlot>();
  const calls: ReceivedCall[] = [];
  const released: string[] = [];
  const answer = options.answer ?? (() => undefined);

  const recordReply = (tenantId: string, chargePointId: string, messageId: string, reply: CallReply) => {
    const slot = slots.get(slotKey(tenantId, chargePointId));
    if (!slot || slot.messageId !== messageId || slot.reply) return false;
    slot.reply = reply;
    return true;
  };

  const deps: FakeDeps = fakeDeps({
    ...options,
    repositories: {
      ...options.repositories,
      chargePoints: {
        getChargePoint: async (tenantId: string, id: string) =>
          tenantId === TENANT ? structuredClone(chargePoints.get(id)) : undefined,
        ...options.repositories?.chargePoints,
      },
      pendingCalls: {
        claimCallSlot: async (tenantId: string, chargePointId: string, call: PendingCall) => {
          const existing = slots.get(slotKey(tenantId, chargePointId));
          if (existing && existing.expiresAt >= Math.floor(Date.now() / 1000)) return false;
          slots.set(slotKey(tenantId, chargePointId), { ...call });
          return true;
        },
        recordCallReply: async (tenantId, chargePointId, messageId, reply) =>
          recordReply(tenantId, chargePointId, messageId, reply),
        // As the table does it: only an unanswered call, and only one sent on the connection named (or not).
        failUnansweredCall: async (tenantId, chargePointId, connection, reply, at) => {
          const slot = slots.get(slotKey(tenantId, chargePointId));
          if (!slot || slot.reply) return undefined;
          const matches =
            'sentOn' in connection
              ? slot.connectionId === connection.sentOn
              : slot.connectionId !== connection.notSentOn;
          if (!matches) return undefined;
          slot.reply = reply;
          return { ...slot, repliedAt: at };
        },
        readCallReply: async (tenantId: string, chargePointId: string, messageId: string) => {
          const slot = slots.get(slotKey(tenantId, chargePointId));
          return slot?.messageId === messageId ? slot.reply : undefined;
        },
        releaseCallSlot: async (tenantId: string, chargePointId: string, messageId: string) => {
          const key = slotKey(tenantId, chargePointId);
          if (slots.get(key)?.messageId === messageId) {
            slots.delete(key);
            released.push(messageId);
          }
        },
        ...options.repositories?.pendingCalls,
      },
    },
    chargers: {
      send: async (connectionId: string, frame: string) => {
        deps.sent.frames.push({ connectionId, frame });
        if (options.delivered === false) return false;
        const decoded = JSON.parse(frame) as unknown;
        const [, messageId, action, payload] = decoded as [number, string, string, Record<string, unknown>];
        const chargePointId = [...chargePoints.values()].find(
          (found) => found.chargePoint.connectionId === connectionId,
        )?.chargePoint.id;
        const call: ReceivedCall = {
          connectionId,
          chargePointId,
          messageId,
          action,
          payload,
          frame: decoded,
        };
        calls.push(call);
        const reply = answer(call);
        if (reply && chargePointId) {
          if (options.replyDelayMs === undefined) recordReply(TENANT, chargePointId, messageId, reply);
          else setTimeout(() => recordReply(TENANT, chargePointId, messageId, reply), options.replyDelayMs);
        }
        return true;
      },
      ...options.chargers,
    },
  });
  return { deps, chargePoints, slots, calls, released };
}

/** Answers every CALL of `action` with `reply`, anything else stays silent. */
export function answering(replies: Record<string, CallReply | ((call: ReceivedCall) => CallReply)>): Answer {
  return (call) => {
    const reply = replies[call.action];
    return typeof reply === 'function' ? reply(call) : reply;
  };
}

/**
 * Timeouts small enough that a silent charger costs a test a fraction of a second, yet above the default poll
 * interval (100 ms) of `callChargePoint`.
 */
export const fastTimeouts = {
  callMs: 250,
  bootCallMs: 250,
  maintenanceCallMs: 250,
  localListPushMs: 250,
  localListWatermarkMarginMs: 60_000,
};
