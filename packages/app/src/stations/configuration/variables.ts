import { DomainError, ValidationError } from '@csms/core';
import type { StoredVariable, VariableAttributeType, VariableReport } from '@csms/db';
import type { Ocpp201 } from '@csms/ocpp';
import type { Deps } from '../../deps.ts';
import { call201 } from '../commands/call-ocpp16.ts';
import { requireChargePoint } from '../commands/charger-lookup.ts';
import {
  compact,
  componentRefOf,
  requireConnected201,
  variableRefOf,
} from '../device-model/ocpp201-mapping.ts';

/**
 * GetVariables / SetVariables for an OCPP 2.0.1 charger, as many items as the operator asks for (up to the
 * route's limit). A charger says how many items (and bytes) one such message may carry in its DeviceDataCtrlr
 * (`ItemsPerMessage` / `BytesPerMessage`, instance `GetVariables` / `SetVariables`). When
 * the stored device model knows those, the items are cut into batches that respect them, else into batches of
 * `DEFAULT_ITEMS_PER_MESSAGE`; the batches go out one after another (OCPP-J allows one CALL at a time) and
 * the charger's per-item results are put back together in order.
 *
 * All batches share one deadline, the command timeout, so the REST request ends before API Gateway gives up.
 * A failure of the first batch is the request's error (409, 502, 504 as for any command); a failure of a later
 * one stops there and the answer says which items got no result (`incomplete`), since the batches before it
 * may already have changed the charger.
 *
 * What the charger answered updates the stored device model (`storeReportedVariables`): an accepted Get's
 * value, an accepted Set's value (RebootRequired is not, the value is not in effect yet). The write keeps the
 * stored mutability and flags of the attribute, never stores a WriteOnly variable's value, and is
 * best-effort: the charger's answer is what the request is about.
 */
export const DEFAULT_ITEMS_PER_MESSAGE = 10;

export interface GetVariableItem {
  readonly component: Ocpp201.ComponentType;
  readonly variable: Ocpp201.VariableType;
  readonly attributeType?: Ocpp201.AttributeEnumType | undefined;
}

export interface SetVariableItem extends GetVariableItem {
  readonly attributeValue: string;
}

export interface BatchLimits {
  readonly itemsPerMessage: number;
  /** The most bytes one CALL frame may have; unknown: no limit but the item count. */
  readonly bytesPerMessage?: number | undefined;
}

export interface VariablesOutcome<R> {
  /** The charger's results, batch after batch, each as it answered. */
  readonly results: readonly R[];
  /** How many CALLs were sent. */
  readonly batches: number;
  readonly limits: BatchLimits;
  /** A later batch failed or the deadline passed: the items from `firstUnanswered` on got no result. */
  readonly incomplete?: { readonly error: string; readonly code?: string; readonly firstUnanswered: number };
}

type Action = 'GetVariables' | 'SetVariables';

export async function getVariables(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  items: readonly GetVariableItem[],
): Promise<VariablesOutcome<Ocpp201.GetVariableResultType>> {
  const id = await connected201(deps, tenantId, chargePointId);
  const limits = await batchLimits(deps, tenantId, id, 'GetVariables');
  const outcome = await sendInBatches<Ocpp201.GetVariableResultType>(
    deps,
    tenantId,
    id,
    'GetVariables',
    items,
    limits,
  );
  await remember(
    deps,
    tenantId,
    id,
    outcome.results.flatMap((result) =>
      result.attributeStatus === 'Accepted' && result.attributeValue !== undefined
        ? [{ ...result, value: result.attributeValue }]
        : [],
    ),
  );
  return outcome;
}

export async function setVariables(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  items: readonly SetVariableItem[],
): Promise<VariablesOutcome<Ocpp201.SetVariableResultType>> {
  refuseSecrets(items);
  const id = await connected201(deps, tenantId, chargePointId);
  const limits = await batchLimits(deps, tenantId, id, 'SetVariables');
  const outcome = await sendInBatches<Ocpp201.SetVariableResultType>(
    deps,
    tenantId,
    id,
    'SetVariables',
    items,
    limits,
  );
  const answered = items.slice(0, outcome.incomplete?.firstUnanswered ?? items.length);
  await remember(
    deps,
    tenantId,
    id,
    outcome.results.flatMap((result) => {
      if (result.attributeStatus !== 'Accepted') return [];
      const item = answered.find((candidate) => sameTarget(candidate, result));
      return item ? [{ ...result, value: item.attributeValue }] : [];
    }),
  );
  return outcome;
}

async function connected201(deps: Deps, tenantId: string, chargePointId: string): Promise<string> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  requireConnected201(found);
  return found.chargePoint.id;
}

/**
 * The charger's password goes through the password route, which keeps the old one valid until the charger
 * accepted and stores only a hash; set here, the charger would be locked out at its next connection.
 */
function refuseSecrets(items: readonly SetVariableItem[]): void {
  const issues = items.flatMap((item, i) =>
    isPassword(item)
      ? [
          {
            field: `items.${i}.variable.name`,
            in: 'body' as const,
            message: 'Set the password with POST or PUT /v1/charge-points/{id}/password',
          },
        ]
      : [],
  );
  if (issues.length > 0) throw new ValidationError(issues);
}

const isPassword = (item: Pick<GetVariableItem, 'component' | 'variable'>): boolean =>
  item.component.name.toLowerCase() === 'securityctrlr' &&
  item.variable.name.toLowerCase() === 'basicauthpassword';

/** What the stored device model says of DeviceDataCtrlr's limits for `action`; absent ones are defaulted. */
export async function batchLimits(
  deps: Pick<Deps, 'deviceModel' | 'log'>,
  tenantId: string,
  chargePointId: string,
  action: Action,
): Promise<BatchLimits> {
  let stored: readonly StoredVariable[] = [];
  try {
    // DeviceDataCtrlr has a handful of variables: one page holds them all.
    stored = (
      await deps.deviceModel.listReportedVariables(tenantId, chargePointId, {
        component: 'DeviceDataCtrlr',
        limit: 100,
      })
    ).items;
  } catch (error) {
    deps.log.warn('Could not read the message limits of the device model', { error: String(error) });
  }
  const instance = action.toLowerCase();
  const limit = (name: 'ItemsPerMessage' | 'BytesPerMessage'): number | undefined => {
    const lower = name.toLowerCase();
    const variable = stored.find(({ variable }) => {
      const named = variable.name.toLowerCase();
      // OCPP names it `ItemsPerMessage` with instance `GetVariables`; some chargers spell it as one name.
      return (
        (named === lower && variable.instance?.toLowerCase() === instance) ||
        (named === `${lower}${instance}` && variable.instance === undefined)
      );
    });
    const value = Number(variable?.attributes.find((a) => a.type === 'Actual')?.value);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };
  return {
    itemsPerMessage: limit('ItemsPerMessage') ?? DEFAULT_ITEMS_PER_MESSAGE,
    bytesPerMessage: limit('BytesPerMessage'),
  };
}

/** A message id as long as the one `callChargePoint` generates (a UUID), for measuring a frame. */
const MESSAGE_ID = '00000000-0000-0000-0000-000000000000';

/**
 * Cuts items into consecutive batches of at most `itemsPerMessage` items whose CALL frame stays within
 * `bytesPerMessage`. An item too large on its own still goes, alone: the charger is the one to refuse it.
 */
export function batchesOf<T>(
  items: readonly T[],
  limits: BatchLimits,
  frameOf: (batch: readonly T[]) => string,
): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  for (const item of items) {
    const candidate = [...current, item];
    const tooMany = candidate.length > limits.itemsPerMessage;
    const tooBig =
      limits.bytesPerMessage !== undefined && Buffer.byteLength(frameOf(candidate)) > limits.bytesPerMessage;
    if (current.length > 0 && (tooMany || tooBig)) {
      batches.push(current);
      current = [item];
    } else {
      current = candidate;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

const requestOf = (action: Action, batch: readonly GetVariableItem[]) =>
  action === 'GetVariables' ? { getVariableData: batch } : { setVariableData: batch };

async function sendInBatches<R>(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  action: Action,
  items: readonly GetVariableItem[],
  limits: BatchLimits,
): Promise<VariablesOutcome<R>> {
  const batches = batchesOf(items, limits, (batch) =>
    JSON.stringify([2, MESSAGE_ID, action, requestOf(action, batch)]),
  );
  const deadline = Date.now() + deps.settings.timeouts.callMs;
  const results: R[] = [];
  let sent = 0;
  let done = 0;
  for (const batch of batches) {
    const timeoutMs = deadline - Date.now();
    if (timeoutMs <= 0) {
      return { results, batches: sent, limits, incomplete: { error: 'Out of time', firstUnanswered: done } };
    }
    try {
      sent++;
      results.push(...((await send(deps, tenantId, chargePointId, action, batch, timeoutMs)) as R[]));
      done += batch.length;
    } catch (error) {
      if (!(error instanceof DomainError) || done === 0) throw error;
      const code = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
      return {
        results,
        batches: sent,
        limits,
        incomplete: { error: error.message, ...(code ? { code } : {}), firstUnanswered: done },
      };
    }
  }
  return { results, batches: sent, limits };
}

async function send(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  action: Action,
  batch: readonly GetVariableItem[],
  timeoutMs: number,
): Promise<readonly object[]> {
  if (action === 'GetVariables') {
    const answer = await call201(
      deps,
      tenantId,
      chargePointId,
      'GetVariables',
      { getVariableData: [...batch] },
      { timeoutMs },
    );
    return answer.getVariableResult.map((result) => compact(result));
  }
  const answer = await call201(
    deps,
    tenantId,
    chargePointId,
    'SetVariables',
    { setVariableData: batch as SetVariableItem[] },
    { timeoutMs },
  );
  return answer.setVariableResult.map((result) => compact(result));
}

type Target = Pick<GetVariableItem, 'component' | 'variable' | 'attributeType'>;

/** The same attribute of the same variable: names compared as OCPP does, case-insensitively. */
function sameTarget(a: Target, b: Target): boolean {
  const key = (t: Target) =>
    JSON.stringify([
      t.component.name.toLowerCase(),
      t.component.instance?.toLowerCase(),
      t.component.evse?.id,
      t.component.evse?.connectorId,
      t.variable.name.toLowerCase(),
      t.variable.instance?.toLowerCase(),
      t.attributeType ?? 'Actual',
    ]);
  return key(a) === key(b);
}

/**
 * Writes the values the charger confirmed into the stored device model, as a report part of our own
 * (requestId 0, the CSMS clock), keeping what the store knows of each attribute besides its value.
 */
async function remember(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  confirmed: readonly (Target & { readonly value: string })[],
): Promise<void> {
  const values = confirmed.filter((entry) => !isPassword(entry));
  if (values.length === 0) return;
  try {
    const reports = await Promise.all(
      values.map(async (entry): Promise<VariableReport | undefined> => {
        const type: VariableAttributeType = entry.attributeType ?? 'Actual';
        const stored = await storedVariable(deps, tenantId, chargePointId, entry);
        const attribute = stored?.attributes.find((a) => a.type === type);
        if (attribute?.mutability === 'WriteOnly') return undefined;
        return {
          component: componentRefOf(entry.component),
          variable: variableRefOf(entry.variable),
          attributes: [
            compact({
              type,
              value: entry.value,
              mutability: attribute?.mutability,
              persistent: attribute?.persistent,
              constant: attribute?.constant,
            }),
          ],
        };
      }),
    );
    await deps.deviceModel.storeReportedVariables(
      tenantId,
      chargePointId,
      { requestId: 0, generatedAt: deps.clock.now().toISOString() },
      reports.filter((report): report is VariableReport => report !== undefined),
    );
  } catch (error) {
    deps.log.warn('Could not update the stored device model', { error: String(error) });
  }
}

async function storedVariable(
  deps: Pick<Deps, 'deviceModel'>,
  tenantId: string,
  chargePointId: string,
  target: Target,
): Promise<StoredVariable | undefined> {
  const page = await deps.deviceModel.listReportedVariables(tenantId, chargePointId, {
    component: target.component.name,
    variable: target.variable.name,
    limit: 100,
  });
  return page.items.find((stored) =>
    sameTarget(
      {
        component: {
          name: stored.component.name,
          ...(stored.component.instance === undefined ? {} : { instance: stored.component.instance }),
          ...(stored.component.evseId === undefined
            ? {}
            : {
                evse: {
                  id: stored.component.evseId,
                  ...(stored.component.connectorId === undefined
                    ? {}
                    : { connectorId: stored.component.connectorId }),
                },
              }),
        },
        variable: {
          name: stored.variable.name,
          ...(stored.variable.instance === undefined ? {} : { instance: stored.variable.instance }),
        },
      },
      { ...target, attributeType: undefined },
    ),
  );
}
