import type { Deps } from '@csms/app/deps';
import { DomainError } from '@csms/core';
import type { LocalListLimits, LocalListState } from '@csms/db';
import { call16 } from '../commands/call-ocpp16.ts';

/**
 * How many entries a charger takes per SendLocalList and in all, asked once a day with GetConfiguration
 * before a full list. A charger that does not answer (or does not know the keys) has unknown limits and gets
 * the list in one message: the optional part of OCPP is treated as optional.
 */
const RECHECK_AFTER_MS = 24 * 3600 * 1000;
const LIMITS_TIMEOUT_MS = 5_000;

export async function localListLimits(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  state: LocalListState | undefined,
  now: Date,
): Promise<LocalListLimits | undefined> {
  const known = state?.limits;
  if (known && now.getTime() - Date.parse(known.checkedAt) < RECHECK_AFTER_MS) return known;
  let limits: LocalListLimits = { checkedAt: now.toISOString() };
  try {
    const result = await call16(
      deps,
      tenantId,
      chargePointId,
      'GetConfiguration',
      {
        key: ['SendLocalListMaxLength', 'LocalAuthListMaxLength'],
      },
      // The list itself is sent after this within the same API request: do not spend its time here.
      { timeoutMs: LIMITS_TIMEOUT_MS },
    );
    const positiveInt = (key: string) => {
      const value = Number(result.configurationKey?.find((entry) => entry.key === key)?.value);
      return Number.isInteger(value) && value > 0 ? value : undefined;
    };
    const send = positiveInt('SendLocalListMaxLength');
    const total = positiveInt('LocalAuthListMaxLength');
    limits = {
      ...limits,
      ...(send === undefined ? {} : { sendLocalListMaxLength: send }),
      ...(total === undefined ? {} : { localAuthListMaxLength: total }),
    };
  } catch (error) {
    // A CALLERROR or silence: the limits stay unknown until the next check.
    if (!(error instanceof DomainError)) throw error;
  }
  await deps.localAuthLists.saveLocalListLimits(tenantId, chargePointId, limits);
  return limits;
}
