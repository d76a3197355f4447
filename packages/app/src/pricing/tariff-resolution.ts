import type { Deps } from '@csms/app/deps';
import {
  chooseTariff,
  type DatedTariffVersion,
  type TariffAssignment,
  type TariffChoice,
  type TariffCurrentType,
  type TariffWithVersions,
} from '@csms/core';
import type {
  ChargePointWithConnectors,
  StoredCustomer,
  StoredTariffAssignment,
  StoredTariffVersion,
  TariffRecord,
  TariffScope,
} from '@csms/db';

/** Who charges where — what a tariff is chosen by (T2). */
export interface ChargeContext {
  readonly chargePointId: string;
  /** Absent when the caller does not know the connector yet (a price shown before choosing one). */
  readonly connectorId?: number;
  readonly siteId?: string;
  /** From the connector's configuration; absent when not configured (then only unqualified assignments apply). */
  readonly currentType?: TariffCurrentType;
  readonly customerId?: string;
  /** A company customer: the company and its drivers form the customer group (see pricing/README.md). */
  readonly customerGroupId?: string;
}

export interface ResolvedTariff {
  readonly record: TariffRecord;
  readonly choice: TariffChoice;
}

/**
 * The customer group of a customer: a company is a group of its own — its account and every driver and token
 * on it. An individual belongs to no group.
 */
export const customerGroupOf = (customer: Pick<StoredCustomer, 'id' | 'type'>): string | undefined =>
  customer.type === 'company' ? customer.id : undefined;

/** The charge-point side of the context: its site and the connector's current type. */
export function placeContext(
  found: ChargePointWithConnectors,
  connectorId: number | undefined,
): Pick<ChargeContext, 'chargePointId' | 'connectorId' | 'siteId' | 'currentType'> {
  const configured = found.chargePoint.configuredConnectors ?? [];
  const currents = new Set(
    (connectorId === undefined ? configured : configured.filter((c) => c.connectorId === connectorId)).map(
      (c) => c.current,
    ),
  );
  // Without a connector, a charge point whose connectors all share one current type still has one.
  const [only] = currents;
  return {
    chargePointId: found.chargePoint.id,
    ...(connectorId === undefined ? {} : { connectorId }),
    ...(found.chargePoint.siteId ? { siteId: found.chargePoint.siteId } : {}),
    ...(currents.size === 1 && only ? { currentType: only } : {}),
  };
}

/** Builds the full context of a session or a preview: place plus customer (and its group). */
/** What resolving a tariff reads: the place and customer of the charge, the assignments and the tariffs. */
export type TariffDeps = Pick<Deps, 'chargePoints' | 'customers' | 'tariffAssignments' | 'tariffs'>;

export async function chargeContextOf(
  deps: Pick<Deps, 'chargePoints' | 'customers'>,
  tenantId: string,
  chargePointId: string,
  connectorId: number | undefined,
  customerId: string | undefined,
): Promise<ChargeContext> {
  const [found, customer] = await Promise.all([
    deps.chargePoints.getChargePoint(tenantId, chargePointId),
    customerId ? deps.customers.getCustomer(tenantId, customerId) : undefined,
  ]);
  const place = found
    ? placeContext(found, connectorId)
    : { chargePointId, ...(connectorId === undefined ? {} : { connectorId }) };
  const group = customer ? customerGroupOf(customer) : undefined;
  return {
    ...place,
    ...(customerId ? { customerId } : {}),
    ...(group ? { customerGroupId: group } : {}),
  };
}

/** Every scope that could price this context, each unqualified and qualified with the current type. */
export function candidateScopes(context: ChargeContext): TariffScope[] {
  const places: TariffScope[] = [
    { level: 'tenant' },
    { level: 'chargePoint', chargePointId: context.chargePointId },
  ];
  if (context.connectorId !== undefined && context.connectorId > 0) {
    places.push({
      level: 'connector',
      chargePointId: context.chargePointId,
      connectorId: context.connectorId,
    });
  }
  if (context.siteId) places.push({ level: 'site', siteId: context.siteId });
  if (context.customerId) places.push({ level: 'customer', customerId: context.customerId });
  if (context.customerGroupId) {
    places.push({ level: 'customerGroup', customerGroupId: context.customerGroupId });
  }
  const current = context.currentType;
  return current ? places.flatMap((scope) => [scope, { ...scope, currentType: current }]) : places;
}

/**
 * What each scope had assigned at `at`: the last change at or before it. A session is priced by what was
 * assigned when it started, as by the version in force then (T3), so reassigning never reprices the past.
 */
export function assignmentsAt(stored: readonly StoredTariffAssignment[], at: Date): TariffAssignment[] {
  const result: TariffAssignment[] = [];
  for (const item of stored) {
    let tariffId: string | null = null;
    for (const change of item.history) {
      if (Date.parse(change.from) <= at.getTime()) tariffId = change.tariffId;
    }
    if (tariffId !== null) result.push({ ...item.scope, tariffId } as TariffAssignment);
  }
  return result;
}

export function assignmentsNow(stored: readonly StoredTariffAssignment[]): TariffAssignment[] {
  return stored.flatMap((item) =>
    item.tariffId === undefined ? [] : [{ ...item.scope, tariffId: item.tariffId } as TariffAssignment],
  );
}

/** The core's precedence (pricing/README.md), with an unknown current type matching only unqualified assignments. */
export function choose(
  assignments: readonly TariffAssignment[],
  context: ChargeContext,
): TariffChoice | undefined {
  const usable = context.currentType ? assignments : assignments.filter((a) => a.currentType === undefined);
  return chooseTariff(usable, {
    chargePointId: context.chargePointId,
    connectorId: context.connectorId ?? 0,
    currentType: context.currentType ?? 'AC',
    ...(context.siteId ? { siteId: context.siteId } : {}),
    ...(context.customerId ? { customerId: context.customerId } : {}),
    ...(context.customerGroupId ? { customerGroupId: context.customerGroupId } : {}),
  });
}

/**
 * The tariff for a context: as assigned at `asOf` (a session's start), or now. A session that started while
 * none of its candidate scopes had an assignment — before the operator set up tariffs, or in a gap after one
 * was removed (an offline charger's queued session) — is priced by the first assignments made after its
 * start, as `versionInForceAt` prices it by the first version: a later reassignment must not reprice it.
 */
export async function resolveTariff(
  deps: Pick<Deps, 'tariffAssignments' | 'tariffs'>,
  tenantId: string,
  context: ChargeContext,
  asOf?: Date,
): Promise<ResolvedTariff | undefined> {
  const stored = await deps.tariffAssignments.assignmentsOfScopes(tenantId, candidateScopes(context));
  const choice = asOf ? chooseAsOf(stored, context, asOf) : choose(assignmentsNow(stored), context);
  if (!choice) return undefined;
  const record = await deps.tariffs.getTariff(tenantId, choice.tariffId);
  return record && record.versions.length > 0 ? { record, choice } : undefined;
}

/** What applied at `at`, else what the first later change of assignments made apply. */
function chooseAsOf(
  stored: readonly StoredTariffAssignment[],
  context: ChargeContext,
  at: Date,
): TariffChoice | undefined {
  const then = choose(assignmentsAt(stored, at), context);
  if (then) return then;
  const later = stored
    .flatMap((item) => item.history.map((change) => Date.parse(change.from)))
    .filter((from) => from > at.getTime())
    .sort((x, y) => x - y);
  for (const from of later) {
    const choice = choose(assignmentsAt(stored, new Date(from)), context);
    if (choice) return choice;
  }
  // Only an assignment stored without its history gets here.
  return choose(assignmentsNow(stored), context);
}

/** The stored versions in the core's shape, for `versionInForceAt` and `validateNewVersion`. */
export function withVersions(record: TariffRecord): TariffWithVersions {
  return { id: record.tariff.id, versions: record.versions.map(datedVersion) };
}

export function datedVersion(version: StoredTariffVersion): DatedTariffVersion {
  const { createdAt: _c, noticeWaived: _n, effectiveFrom, ...prices } = version;
  return { ...prices, effectiveFrom: new Date(effectiveFrom) };
}
