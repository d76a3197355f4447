import { newId, type Session, settleStop } from '@csms/core';
import {
  appendMeterSamples,
  completeSession,
  createOrphanSession,
  getSession,
  meterSamplesOf,
  sessionIdOfTransaction,
} from '@csms/db';
import type { Ocpp16 } from '@csms/ocpp';
import { authorizeIdTag, idTagInfo } from '../authorize-id-tag.ts';
import { toSessionMeterValues } from './meter-values.ts';
import type { ActionHandler } from './types.ts';

/** A register jump no real charger delivers: above this average power a "meterStart" of 0 is a reset. */
const IMPLAUSIBLE_POWER_W = 400_000;

/**
 * StopTransaction is always answered: a repeated stop changes nothing, a stop for a transaction we never saw
 * becomes an orphan session for review, and anomalies are flags. Energy comes from the station's meter (S2).
 */
export const stopTransaction16: ActionHandler<
  Ocpp16.StopTransactionRequest,
  Ocpp16.StopTransactionResponse
> = async (context, request) => {
  const { tenantId, chargePointId, receivedAt } = context;
  const stoppedAt = new Date(request.timestamp).toISOString();
  const samples = request.transactionData
    ? toSessionMeterValues(request.transactionData, 'StopTransaction')
    : [];
  const info = request.idTag
    ? { idTagInfo: idTagInfo((await authorizeIdTag(tenantId, request.idTag, receivedAt)).decision) }
    : {};

  const sessionId = await sessionIdOfTransaction(tenantId, request.transactionId);
  const session = sessionId ? await getSession(tenantId, sessionId) : undefined;
  if (!session) {
    const orphan: Session = {
      id: newId('ses'),
      tenantId,
      chargePointId,
      connectorId: 0,
      idTag: request.idTag ?? '',
      transactionId: request.transactionId,
      startedAt: stoppedAt,
      stoppedAt,
      meterStartWh: request.meterStop,
      meterStopWh: request.meterStop,
      energyWh: 0,
      status: 'orphan',
      ...(request.reason ? { stopReason: request.reason } : {}),
      flags: ['orphan-stop'],
      createdAt: receivedAt.toISOString(),
    };
    await createOrphanSession(orphan);
    if (samples.length) await appendMeterSamples(tenantId, orphan.id, samples);
    return info;
  }
  if (session.status !== 'active') return info;

  if (samples.length) await appendMeterSamples(tenantId, session.id, samples);
  const baseline = await meterBaseline(session);
  const settled = settleStop(
    { ...session, meterStartWh: baseline.meterStartWh },
    { timestamp: stoppedAt, meterStopWh: request.meterStop, receivedAt },
  );
  const flags = baseline.reset
    ? [...new Set([...settled.flags, 'meter-start-reset' as const])]
    : settled.flags;
  await completeSession(session, {
    stoppedAt,
    meterStopWh: request.meterStop,
    energyWh: settled.energyWh,
    stopReason: request.reason ?? 'Local',
    flags,
  });
  return info;
};

/**
 * A charger that lost its state reports meterStart 0 while its register reads hundreds of kWh; billing
 * meterStop − 0 would charge all of it (CitrineOS #1060: 910 kWh). When the first meter value implies an
 * impossible average power, that value becomes the baseline and the session is flagged.
 */
async function meterBaseline(session: Session): Promise<{ meterStartWh: number; reset: boolean }> {
  if (session.meterStartWh !== 0) return { meterStartWh: session.meterStartWh, reset: false };
  const first = (await meterSamplesOf(session.tenantId, session.id)).find((s) => s.energyWh !== undefined);
  if (!first?.energyWh) return { meterStartWh: 0, reset: false };
  const hours = Math.max((Date.parse(first.timestamp) - Date.parse(session.startedAt)) / 3_600_000, 1 / 60);
  if (first.energyWh / hours <= IMPLAUSIBLE_POWER_W) return { meterStartWh: 0, reset: false };
  return { meterStartWh: first.energyWh, reset: true };
}
