import type { Deps } from '@csms/app/deps';
import { DomainError, type IdToken } from '@csms/core';
import type { LocalListOutcome, LocalListState, LocalListSyncRecord } from '@csms/db';
import { isOcppVersion } from '@csms/ocpp';
import { failedOutcome } from './outcome.ts';
import { sendLocalListMessage } from './send-list.ts';

/**
 * I1: a blocked token is removed from chargers' local lists at once. Every connected charger of the tenant that
 * holds a list gets a differential update marking the token Blocked; each outcome is recorded on that
 * charger's list state (`lastPush`). Best-effort: it never throws, so the PATCH that blocked the token never
 * fails because of a charger. A charger that missed it gets it with its next sync (the token's `updatedAt`
 * moved past the charger's watermark). 1.6 and 2.0.1 chargers alike, each in its version (`send-list.ts`);
 * the token's type is what 2.0.1 needs to name it.
 */
const PARALLEL_CHARGERS = 10;

export interface BlockPushOutcome {
  readonly chargePointId: string;
  readonly outcome: LocalListOutcome;
}

export type BlockedToken = Pick<IdToken, 'idTag' | 'type'>;

export async function pushBlockedToken(
  deps: Deps,
  tenantId: string,
  token: BlockedToken,
  now: Date,
): Promise<BlockPushOutcome[]> {
  try {
    const holders = (await deps.localAuthLists.listLocalListStates(tenantId)).filter(
      (state) => state.listVersion !== undefined,
    );
    const outcomes: BlockPushOutcome[] = [];
    for (let i = 0; i < holders.length; i += PARALLEL_CHARGERS) {
      const batch = holders.slice(i, i + PARALLEL_CHARGERS);
      outcomes.push(...(await Promise.all(batch.map((state) => pushTo(deps, tenantId, state, token, now)))));
    }
    return outcomes;
  } catch (error) {
    console.error(JSON.stringify({ msg: 'Local list push failed', tenantId, error: String(error) }));
    return [];
  }
}

async function pushTo(
  deps: Deps,
  tenantId: string,
  state: LocalListState,
  token: BlockedToken,
  now: Date,
): Promise<BlockPushOutcome> {
  const { chargePointId } = state;
  const { idTag } = token;
  const version = (state.listVersion ?? 0) + 1;
  let outcome: LocalListOutcome;
  let detail: string | undefined;
  let acceptedVersion: number | undefined;
  let messages = 0;
  try {
    const found = await deps.chargePoints.getChargePoint(tenantId, chargePointId);
    const ocppVersion = found?.chargePoint.ocppVersion;
    if (!found?.chargePoint.connectionId || !ocppVersion || !isOcppVersion(ocppVersion)) {
      outcome = 'not-connected';
      detail = 'Sent with the next sync';
    } else {
      const status = await sendLocalListMessage(
        deps,
        tenantId,
        chargePointId,
        ocppVersion,
        {
          listVersion: version,
          updateType: 'Differential',
          entries: [{ idTag, tokenType: token.type, status: 'Blocked' }],
        },
        { timeoutMs: deps.settings.timeouts.localListPushMs },
      );
      messages = 1;
      outcome = status;
      if (status === 'Accepted') acceptedVersion = version;
    }
  } catch (error) {
    if (!(error instanceof DomainError)) {
      console.error(JSON.stringify({ msg: 'Local list push failed', chargePointId, error: String(error) }));
    }
    ({ outcome, detail } =
      error instanceof DomainError ? failedOutcome(error) : { outcome: 'error', detail: 'Internal error' });
  }
  const record: LocalListSyncRecord = {
    mode: 'differential',
    trigger: 'token-blocked',
    at: now.toISOString(),
    outcome,
    listVersion: version,
    entries: 1,
    messages,
    idTag,
    ...(detail === undefined ? {} : { detail }),
  };
  try {
    await deps.localAuthLists.recordLocalListOutcome(tenantId, chargePointId, {
      record,
      as: 'lastPush',
      ...(acceptedVersion === undefined ? {} : { acceptedVersion }),
    });
  } catch (error) {
    console.error(
      JSON.stringify({ msg: 'Could not record a local list push', chargePointId, error: String(error) }),
    );
  }
  return { chargePointId, outcome };
}
