import {
  NotFoundError,
  type PriceSheet,
  priceSheet,
  type TariffAssignment,
  type TariffCurrentType,
  ValidationError,
  versionInForceAt,
} from '@csms/core';
import type { ChargePointWithConnectors, StoredCustomer } from '@csms/db';
import { findCustomer } from '../customers/customer-lookup.ts';
import type { Deps } from '../deps.ts';
import { requireChargePoint } from '../stations/commands/charger-lookup.ts';
import { priceText } from './price-text.ts';
import {
  customerGroupOf,
  placeContext,
  resolveTariff,
  type TariffDeps,
  withVersions,
} from './tariff-resolution.ts';

export interface PricePreviewQuery {
  readonly chargePointId: string;
  /** Absent: the driver has not chosen a connector yet. */
  readonly connectorId?: number | undefined;
  /** The driver's RFID token or vehicle id: picks the customer (its own or its company tariff). */
  readonly idTag?: string | undefined;
}

export interface PricePreview {
  readonly chargePointId: string;
  readonly connectorId: number | undefined;
  /** From the connector's configuration; undefined when it does not tell. */
  readonly currentType: TariffCurrentType | undefined;
  readonly customerId: string | undefined;
  readonly tariff: {
    readonly id: string;
    readonly name: string;
    readonly version: number;
    readonly effectiveFrom: Date;
  };
  /** The assignment that decided: "why this price?". */
  readonly assignment: TariffAssignment;
  readonly sheet: PriceSheet;
  /** e.g. "€0.36/kWh, idle fee €0.12/min after 10 min, incl. 20% VAT". */
  readonly text: string;
  /** A scheduled price change, announced with notice (T3). */
  readonly upcoming:
    | { readonly version: number; readonly effectiveFrom: string; readonly text: string }
    | undefined;
}

/**
 * T3: the price a session starting now would be priced by, VAT-inclusive in the tenant currency, before the
 * driver starts it.
 */
export async function previewPrice(
  deps: TariffDeps & Pick<Deps, 'idTokens' | 'clock'>,
  tenantId: string,
  query: PricePreviewQuery,
): Promise<PricePreview> {
  const found = await requireChargePoint(deps, tenantId, query.chargePointId);
  const token = query.idTag === undefined ? undefined : await deps.idTokens.getIdToken(tenantId, query.idTag);
  // A token named in the query that does not exist is a mistake in the request, not a missing resource.
  if (query.idTag !== undefined && !token) {
    throw new ValidationError([{ field: 'idTag', in: 'query', message: 'No such token in this tenant' }]);
  }
  const customer = token ? await findCustomer(deps, tenantId, token.customerId) : undefined;
  return previewPriceFor(deps, tenantId, found, query.connectorId, customer);
}

/**
 * `previewPrice` for a caller that has read the charge point and the driver's customer already (OCPP
 * Authorize has, deciding rule I4): the tariff is resolved without reading them again.
 */
export async function previewPriceFor(
  deps: TariffDeps & Pick<Deps, 'clock'>,
  tenantId: string,
  found: ChargePointWithConnectors,
  connectorId: number | undefined,
  customer: StoredCustomer | undefined,
): Promise<PricePreview> {
  const group = customer ? customerGroupOf(customer) : undefined;
  const place = placeContext(found, connectorId);
  const resolved = await resolveTariff(deps, tenantId, {
    ...place,
    ...(customer ? { customerId: customer.id } : {}),
    ...(group ? { customerGroupId: group } : {}),
  });
  if (!resolved) throw new NotFoundError('Tariff for this charge point (no assignment, no tenant default)');

  const now = deps.clock.now();
  const inForce = versionInForceAt(withVersions(resolved.record), now);
  const next = resolved.record.versions.find((v) => Date.parse(v.effectiveFrom) > now.getTime());
  const sheet = priceSheet(inForce);
  return {
    chargePointId: found.chargePoint.id,
    connectorId,
    currentType: place.currentType,
    customerId: customer?.id,
    tariff: {
      id: resolved.record.tariff.id,
      name: resolved.record.tariff.name,
      version: inForce.version,
      effectiveFrom: inForce.effectiveFrom,
    },
    assignment: resolved.choice.assignment,
    sheet,
    text: priceText(sheet),
    upcoming: next
      ? { version: next.version, effectiveFrom: next.effectiveFrom, text: priceText(priceSheet(next)) }
      : undefined,
  };
}
