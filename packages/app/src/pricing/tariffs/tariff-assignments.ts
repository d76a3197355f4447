import { ConflictError, isSiteId, NotFoundError, ValidationError } from '@csms/core';
import type { Page, PageRequest, StoredTariffAssignment, TariffScope } from '@csms/db';
import { requireCustomer } from '../../customers/customer-lookup.ts';
import type { Deps } from '../../deps.ts';
import { requireActiveChargePoint, requireChargePoint } from '../../stations/commands/charger-lookup.ts';
import { customerGroupOf } from '../tariff-resolution.ts';
import { isTariffId } from './tariff-lookup.ts';

/**
 * Tariff assignment (T2): a tariff for the tenant default, a site, a charge point or connector, a customer
 * or a company's customer group, each optionally only for AC or DC connectors.
 */
export type CurrentType = 'AC' | 'DC';

type AssignDeps = Pick<Deps, 'tariffAssignments' | 'clock'>;

const withCurrent = (scope: TariffScope, current: CurrentType | undefined): TariffScope =>
  current ? { ...scope, currentType: current } : scope;

export async function listTariffAssignments(
  deps: Pick<Deps, 'tariffAssignments'>,
  tenantId: string,
  page: PageRequest,
): Promise<Page<StoredTariffAssignment>> {
  return deps.tariffAssignments.listAssignments(tenantId, page);
}

/** Assigns an active tariff of the tenant to `scope`; an unknown or archived one is a field error (422). */
async function assign(
  deps: AssignDeps,
  tenantId: string,
  scope: TariffScope,
  tariffId: string,
): Promise<StoredTariffAssignment> {
  const unknown = new ValidationError([
    { field: 'tariffId', message: 'No active tariff with this id in this tenant' },
  ]);
  if (!isTariffId(tariffId)) throw unknown;
  // The write itself checks that the tariff exists and is not archived (and counts the assignment on it).
  const outcome = await deps.tariffAssignments.changeAssignment(
    tenantId,
    scope,
    tariffId,
    deps.clock.now().toISOString(),
  );
  if (outcome === 'tariff-unusable') throw unknown;
  const stored = await deps.tariffAssignments.getAssignment(tenantId, scope);
  if (!stored) throw new ConflictError('The assignment changed meanwhile; read it and retry');
  return stored;
}

/** Removes what is assigned to `scope`; nothing assigned is fine too. */
async function unassign(deps: AssignDeps, tenantId: string, scope: TariffScope): Promise<void> {
  await deps.tariffAssignments.changeAssignment(tenantId, scope, null, deps.clock.now().toISOString());
}

async function findSite(deps: Pick<Deps, 'sites'>, tenantId: string, id: string): Promise<void> {
  if (!(isSiteId(id) && (await deps.sites.getSite(tenantId, id)))) throw new NotFoundError('Site');
}

/** A company customer is the group of its account and every driver on it; an individual is a customer. */
async function customerScope(
  deps: Pick<Deps, 'customers'>,
  tenantId: string,
  id: string,
): Promise<TariffScope> {
  const customer = await requireCustomer(deps, tenantId, id);
  const group = customerGroupOf(customer);
  return group ? { level: 'customerGroup', customerGroupId: group } : { level: 'customer', customerId: id };
}

const chargePointScope = (chargePointId: string, connectorId: number | undefined): TariffScope =>
  connectorId === undefined
    ? { level: 'chargePoint', chargePointId }
    : { level: 'connector', chargePointId, connectorId };

export interface AssignCommand {
  readonly tariffId: string;
  readonly currentType?: CurrentType | undefined;
}

export interface UnassignCommand {
  readonly currentType?: CurrentType | undefined;
}

export async function assignDefaultTariff(
  deps: AssignDeps,
  tenantId: string,
  command: AssignCommand,
): Promise<StoredTariffAssignment> {
  return assign(deps, tenantId, withCurrent({ level: 'tenant' }, command.currentType), command.tariffId);
}

export async function unassignDefaultTariff(
  deps: AssignDeps,
  tenantId: string,
  command: UnassignCommand,
): Promise<void> {
  await unassign(deps, tenantId, withCurrent({ level: 'tenant' }, command.currentType));
}

/** A decommissioned charge point can no longer be changed (409), so it gets no tariff either. */
export async function assignChargePointTariff(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  command: AssignCommand & { readonly connectorId?: number | undefined },
): Promise<StoredTariffAssignment> {
  const found = await requireActiveChargePoint(deps, tenantId, chargePointId);
  const scope = chargePointScope(found.chargePoint.id, command.connectorId);
  return assign(deps, tenantId, withCurrent(scope, command.currentType), command.tariffId);
}

export async function unassignChargePointTariff(
  deps: Deps,
  tenantId: string,
  chargePointId: string,
  command: UnassignCommand & { readonly connectorId?: number | undefined },
): Promise<void> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const scope = chargePointScope(found.chargePoint.id, command.connectorId);
  await unassign(deps, tenantId, withCurrent(scope, command.currentType));
}

export async function assignSiteTariff(
  deps: Pick<Deps, 'sites' | 'tariffAssignments' | 'clock'>,
  tenantId: string,
  siteId: string,
  command: AssignCommand,
): Promise<StoredTariffAssignment> {
  await findSite(deps, tenantId, siteId);
  return assign(
    deps,
    tenantId,
    withCurrent({ level: 'site', siteId }, command.currentType),
    command.tariffId,
  );
}

export async function unassignSiteTariff(
  deps: Pick<Deps, 'sites' | 'tariffAssignments' | 'clock'>,
  tenantId: string,
  siteId: string,
  command: UnassignCommand,
): Promise<void> {
  await findSite(deps, tenantId, siteId);
  await unassign(deps, tenantId, withCurrent({ level: 'site', siteId }, command.currentType));
}

export async function assignCustomerTariff(
  deps: Pick<Deps, 'customers' | 'tariffAssignments' | 'clock'>,
  tenantId: string,
  customerId: string,
  command: AssignCommand,
): Promise<StoredTariffAssignment> {
  const scope = await customerScope(deps, tenantId, customerId);
  return assign(deps, tenantId, withCurrent(scope, command.currentType), command.tariffId);
}

export async function unassignCustomerTariff(
  deps: Pick<Deps, 'customers' | 'tariffAssignments' | 'clock'>,
  tenantId: string,
  customerId: string,
  command: UnassignCommand,
): Promise<void> {
  const scope = await customerScope(deps, tenantId, customerId);
  await unassign(deps, tenantId, withCurrent(scope, command.currentType));
}
