import type { Deps } from '@csms/app/deps';
import { ConflictError, DomainError, type LocalListMode } from '@csms/core';
import type { LocalListOutcome, LocalListState, LocalListSyncRecord } from '@csms/db';
import type { OcppVersion } from '@csms/ocpp';
import { requireChargePoint, requireConnected } from '../commands/charger-lookup.ts';
import { buildLocalListEntries } from './build-entries.ts';
import { localListLimits } from './charger-limits.ts';
import { failedOutcome } from './outcome.ts';
import { sendLocalListMessage, splitLocalList } from './send-list.ts';

/**
 * The token index is eventually consistent: a token changed a moment before a sync may be missing from it.
 * The next differential update therefore starts a minute before this one was built; re-sending an entry the
 * charger already has is harmless.
 */

/**
 * LocalAuthListManagement: sends a charger its list, full or differential, with the version it will hold, and
 * records the outcome (GET .../local-list). A differential update needs a list the charger accepted before;
 * without one, or when the charger answers VersionMismatch, a full list is sent instead. The same for OCPP 1.6
 * and 2.0.1: only the messages differ (`send-list.ts`).
 */
export async function syncLocalList(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  requestedMode: LocalListMode,
  // The clock's now unless a test picks the instant.
  now: Date = deps.clock.now(),
): Promise<LocalListSyncRecord> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const version = requireConnected(found);
  const state = await deps.localAuthLists.getLocalListState(tenantId, found.chargePoint.id);
  return runSync(deps, tenantId, found.chargePoint.id, version, state, requestedMode, now, undefined);
}

async function runSync(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  ocppVersion: OcppVersion,
  state: LocalListState | undefined,
  requestedMode: LocalListMode,
  now: Date,
  fallbackFrom: LocalListMode | undefined,
): Promise<LocalListSyncRecord> {
  const changesSince = state?.listVersion === undefined ? undefined : state.changesSince;
  const mode: LocalListMode =
    requestedMode === 'differential' && changesSince !== undefined ? 'differential' : 'full';
  const limits =
    mode === 'full'
      ? await localListLimits(deps, tenantId, chargePointId, state, now, ocppVersion)
      : state?.limits;
  const builtFrom = new Date(now.getTime() - deps.settings.timeouts.localListWatermarkMarginMs).toISOString();
  const entries = await buildLocalListEntries(deps, tenantId, mode, changesSince, now);
  const base = {
    mode,
    trigger: 'api' as const,
    at: now.toISOString(),
    entries: entries.length,
    ...(fallbackFrom ? { fallbackFrom } : {}),
  };

  const max = limits?.localAuthListMaxLength;
  if (mode === 'full' && max !== undefined && entries.length > max) {
    const detail = `The list has ${entries.length} entries; the charger holds at most ${max} (LocalAuthListMaxLength)`;
    await deps.localAuthLists.recordLocalListOutcome(tenantId, chargePointId, {
      record: { ...base, outcome: 'too-long', messages: 0, detail },
      as: 'lastSync',
    });
    throw new ConflictError(detail);
  }
  if (mode === 'differential' && entries.length === 0) {
    const record: LocalListSyncRecord = { ...base, outcome: 'unchanged', messages: 0 };
    await deps.localAuthLists.recordLocalListOutcome(tenantId, chargePointId, {
      record,
      as: 'lastSync',
      changesSince: builtFrom,
    });
    return record;
  }

  // A list longer than the charger takes per message: the first message replaces its list, the rest add to it.
  const chunks = splitLocalList(entries, limits, ocppVersion);
  let version = state?.listVersion ?? 0;
  let acceptedVersion: number | undefined;
  let messages = 0;
  let outcome: LocalListOutcome = 'Accepted';
  let detail: string | undefined;
  let failure: DomainError | undefined;
  for (const [index, chunk] of chunks.entries()) {
    version += 1;
    try {
      const status = await sendLocalListMessage(deps, tenantId, chargePointId, ocppVersion, {
        listVersion: version,
        updateType: mode === 'full' && index === 0 ? 'Full' : 'Differential',
        entries: chunk,
      });
      messages += 1;
      outcome = status;
      if (status !== 'Accepted') break;
      acceptedVersion = version;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      ({ outcome, detail } = failedOutcome(error));
      failure = error;
      break;
    }
  }

  if (mode === 'differential' && outcome === 'VersionMismatch' && fallbackFrom === undefined) {
    return runSync(deps, tenantId, chargePointId, ocppVersion, state, 'full', now, 'differential');
  }
  const complete = outcome === 'Accepted';
  const record: LocalListSyncRecord = {
    ...base,
    outcome,
    listVersion: version,
    messages,
    ...(detail === undefined ? {} : { detail }),
  };
  await deps.localAuthLists.recordLocalListOutcome(tenantId, chargePointId, {
    record,
    as: 'lastSync',
    ...(acceptedVersion === undefined ? {} : { acceptedVersion }),
    ...(complete ? { changesSince: builtFrom } : {}),
    resetChangesSince: !complete && mode === 'full' && acceptedVersion !== undefined,
  });
  // No answer, a CALLERROR, a busy charger: the API answers as the command route does (504, 502, 409).
  if (failure) throw failure;
  return record;
}
