import type { Session, SessionFacts, SessionMeterValue } from '@csms/core';
import type { SessionStatusChange } from '@csms/db';

/**
 * A stored session, its meter values and its status history as the pricing engine's `SessionFacts`. Every
 * timestamp is the charger's own; the energy is the station meter's (S2).
 */
export function toSessionFacts(
  session: Session,
  meterValues: readonly SessionMeterValue[],
  statuses: readonly SessionStatusChange[],
): SessionFacts {
  const stopped = session.stoppedAt !== undefined;
  return {
    startedAt: new Date(session.startedAt),
    ...(stopped ? { stoppedAt: new Date(session.stoppedAt as string) } : {}),
    meterStartWh: effectiveMeterStart(session),
    ...(stopped && session.meterStopWh !== undefined ? { meterStopWh: session.meterStopWh } : {}),
    samples: meterValues.flatMap((value) =>
      value.energyWh === undefined
        ? []
        : [
            {
              at: new Date(value.timestamp),
              energyWh: value.energyWh,
              ...(value.powerW === undefined ? {} : { powerW: value.powerW }),
            },
          ],
    ),
    statusChanges: statuses.map((change) => ({ at: new Date(change.at), status: change.status })),
  };
}

/**
 * The register the energy counts from. The stop handler may have settled a different baseline than the
 * StartTransaction's meterStart (a charger that lost its state reports 0 under a full register) and stored
 * the energy it bills; pricing must bill exactly that energy, so the start is derived back from it.
 */
function effectiveMeterStart(session: Session): number {
  if (session.meterStopWh !== undefined && session.energyWh !== undefined) {
    return session.meterStopWh - session.energyWh;
  }
  return session.meterStartWh;
}
