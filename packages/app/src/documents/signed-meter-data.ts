import type { Deps } from '@csms/app/deps';

/**
 * Signed meter data (German Eichrecht and the like): chargers with a calibrated meter send readings signed
 * by the meter (OCPP `format: SignedData`, often an OCMF string) so the driver can verify the billed energy
 * independently of the operator. The session keeps them byte for byte; documents quote and attach them as
 * sent — never re-encoded, or the signature would no longer verify.
 */
export interface SignedMeterValue {
  readonly sessionId: string;
  readonly timestamp: string;
  readonly context?: string;
  readonly measurand?: string;
  /** Exactly as the charger sent it. */
  readonly value: string;
}

/** Sessions read at a time: a month's invoice may reference hundreds. */
const CONCURRENCY = 8;

export async function signedMeterDataOf(
  deps: Pick<Deps, 'sessions'>,
  tenantId: string,
  sessionIds: readonly string[],
): Promise<SignedMeterValue[]> {
  const bySession: SignedMeterValue[][] = [];
  for (let i = 0; i < sessionIds.length; i += CONCURRENCY) {
    const batch = sessionIds.slice(i, i + CONCURRENCY);
    bySession.push(...(await Promise.all(batch.map((id) => signedValuesOfSession(deps, tenantId, id)))));
  }
  return bySession.flat();
}

async function signedValuesOfSession(
  deps: Pick<Deps, 'sessions'>,
  tenantId: string,
  sessionId: string,
): Promise<SignedMeterValue[]> {
  const samples = await deps.sessions.meterSamplesOf(tenantId, sessionId);
  return samples.flatMap((sample) =>
    sample.sampledValues
      .filter((v) => v.format === 'SignedData' && typeof v.value === 'string')
      .map((v) => ({
        sessionId,
        timestamp: sample.timestamp,
        ...(typeof v.context === 'string' ? { context: v.context } : {}),
        ...(typeof v.measurand === 'string' ? { measurand: v.measurand } : {}),
        value: v.value as string,
      })),
  );
}
