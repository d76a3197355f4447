import type { Deps } from '@csms/app/deps';
import { DomainError } from '@csms/core';
import type { LocalListLimits, LocalListState } from '@csms/db';
import type { OcppVersion } from '@csms/ocpp';
import { call16, call201 } from '../commands/call-ocpp16.ts';

/**
 * How many entries a charger takes per SendLocalList and in all, asked once a day before a full list: 1.6
 * GetConfiguration SendLocalListMaxLength and LocalAuthListMaxLength; 2.0.1 GetVariables of
 * LocalAuthListCtrlr ItemsPerMessage and BytesPerMessage (how many entries the list holds is a
 * characteristic of its Entries variable, which GetVariables does not return: unknown on 2.0.1). A charger
 * that does not answer (or does not know the keys) has unknown limits and gets the list in one message: the
 * optional part of OCPP is treated as optional.
 */
const RECHECK_AFTER_MS = 24 * 3600 * 1000;
const LIMITS_TIMEOUT_MS = 5_000;

export async function localListLimits(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  state: LocalListState | undefined,
  now: Date,
  version: OcppVersion,
): Promise<LocalListLimits | undefined> {
  const known = state?.limits;
  if (known && now.getTime() - Date.parse(known.checkedAt) < RECHECK_AFTER_MS) return known;
  let limits: LocalListLimits = { checkedAt: now.toISOString() };
  try {
    limits = {
      ...limits,
      ...(version === 'ocpp1.6'
        ? await askLimits16(deps, tenantId, chargePointId)
        : await askLimits201(deps, tenantId, chargePointId)),
    };
  } catch (error) {
    // A CALLERROR or silence: the limits stay unknown until the next check.
    if (!(error instanceof DomainError)) throw error;
  }
  await deps.localAuthLists.saveLocalListLimits(tenantId, chargePointId, limits);
  return limits;
}

type AskedLimits = Omit<LocalListLimits, 'checkedAt'>;

function positiveInt(raw: string | undefined): number | undefined {
  const value = Number(raw);
  return raw !== undefined && Number.isInteger(value) && value > 0 ? value : undefined;
}

async function askLimits16(deps: Deps, tenantId: string, chargePointId: string): Promise<AskedLimits> {
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
  const configured = (key: string) =>
    positiveInt(result.configurationKey?.find((entry) => entry.key === key)?.value);
  const send = configured('SendLocalListMaxLength');
  const total = configured('LocalAuthListMaxLength');
  return {
    ...(send === undefined ? {} : { sendLocalListMaxLength: send }),
    ...(total === undefined ? {} : { localAuthListMaxLength: total }),
  };
}

const LOCAL_AUTH_LIST_CTRLR = 'LocalAuthListCtrlr';

async function askLimits201(deps: Deps, tenantId: string, chargePointId: string): Promise<AskedLimits> {
  const result = await call201(
    deps,
    tenantId,
    chargePointId,
    'GetVariables',
    {
      getVariableData: ['ItemsPerMessage', 'BytesPerMessage'].map((name) => ({
        component: { name: LOCAL_AUTH_LIST_CTRLR },
        variable: { name },
      })),
    },
    { timeoutMs: LIMITS_TIMEOUT_MS },
  );
  // Names are case-insensitive in the 2.0.1 device model; a variable the charger does not know is just absent.
  const reported = (name: string) =>
    positiveInt(
      result.getVariableResult.find(
        (entry) =>
          entry.attributeStatus === 'Accepted' &&
          entry.component.name.toLowerCase() === LOCAL_AUTH_LIST_CTRLR.toLowerCase() &&
          entry.variable.name.toLowerCase() === name.toLowerCase(),
      )?.attributeValue,
    );
  const items = reported('ItemsPerMessage');
  const bytes = reported('BytesPerMessage');
  return {
    ...(items === undefined ? {} : { sendLocalListMaxLength: items }),
    ...(bytes === undefined ? {} : { bytesPerMessage: bytes }),
  };
}
