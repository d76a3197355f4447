import {
  chargerInstant,
  energyBaseline,
  type Session,
  type SessionFlag,
  type SessionMeterValue,
  settleStop,
} from '@csms/core';
import type { Deps } from '../deps.ts';
import { reportSessionEnded } from './lifecycle.ts';

/** How a session ended, in the charger's terms, for either OCPP version. */
export interface SessionClosing {
  /** The charger's own stop time, as it sent it (read as UTC when it carries no offset). */
  readonly timestamp: string;
  readonly meterStopWh: number;
  /** Why it ended, when the charger said; OCPP's default is `Local`. */
  readonly reason?: string | undefined;
  readonly receivedAt: Date;
}

/**
 * Completes an active session from its stop facts: energy from the station's meter (S2) measured from the
 * right baseline (a register that restarted, a charger that lost its state: `energyBaseline`), anomalies as
 * flags, then the session's workflow is told it ended. False when another stop completed it first (a race of
 * repeated stops): only the one that completed it reports the end.
 */
export async function closeSession(
  deps: Pick<Deps, 'sessions' | 'sessionLifecycle' | 'workflows' | 'log'>,
  session: Session,
  closing: SessionClosing,
): Promise<boolean> {
  const baseline = energyBaseline({
    startedAt: session.startedAt,
    meterStartWh: session.meterStartWh,
    priorRegisterWh: session.priorRegisterWh,
    meterStopWh: closing.meterStopWh,
    firstSample: await firstRegisterReading(deps, session),
  });
  const stoppedAt = chargerInstant(closing.timestamp);
  const settled = settleStop(
    { ...session, meterStartWh: baseline.baselineWh },
    { timestamp: stoppedAt, meterStopWh: closing.meterStopWh, receivedAt: closing.receivedAt },
  );
  const flags: SessionFlag[] = baseline.reset
    ? [...new Set([...settled.flags, 'meter-start-reset' as const])]
    : settled.flags;
  const completed = await deps.sessions.completeSession(session, {
    stoppedAt,
    meterStopWh: closing.meterStopWh,
    energyWh: settled.energyWh,
    stopReason: closing.reason ?? 'Local',
    flags,
  });
  if (!completed) return false;
  await reportSessionEnded(deps, session.tenantId, session.id, {
    endedAt: stoppedAt,
    ...(closing.reason ? { stopReason: closing.reason } : {}),
  });
  return true;
}

/**
 * Only needed when meterStart is 0: then the first register value in the session tells a register that
 * restarted at 0 from a charger that lost its state (see `energyBaseline`).
 */
async function firstRegisterReading(deps: Pick<Deps, 'sessions'>, session: Session) {
  if (session.meterStartWh !== 0) return undefined;
  const first = firstEnergyReading(await deps.sessions.meterSamplesOf(session.tenantId, session.id));
  return first === undefined ? undefined : { timestamp: first.timestamp, energyWh: first.energyWh };
}

/** The earliest sample carrying an energy register reading (samples are stored in time order). */
export function firstEnergyReading(
  samples: readonly SessionMeterValue[],
): (SessionMeterValue & { readonly energyWh: number }) | undefined {
  return samples.find((s): s is SessionMeterValue & { energyWh: number } => s.energyWh !== undefined);
}
