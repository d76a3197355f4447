import { connectorViews, effectiveStatuses } from '@csms/core';
import type { ChargePointWithConnectors } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { chargerLiveness } from '../charger-liveness.ts';
import { heartbeatIntervalFor } from '../heartbeat-interval.ts';

export interface ChargePointListQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly siteId?: string | undefined;
  /** Connector statuses; a charge point matches with any connector in any of them. */
  readonly status?: ReadonlySet<string> | undefined;
  /** Only those with (true) or without (false) a live connection. */
  readonly connected?: boolean | undefined;
}

export interface ListedChargePoint {
  readonly found: ChargePointWithConnectors;
  readonly connected: boolean;
}

export interface ChargePointListPage {
  readonly items: ListedChargePoint[];
  readonly nextCursor: string | null;
}

/**
 * One page of active charge points with their liveness; the gateway is asked only about those with an open
 * connection. The filters apply to the page after it is read, so a page may hold fewer items than `limit`,
 * even none, while `nextCursor` still continues.
 */
export async function listChargePoints(
  deps: Pick<Deps, 'chargePoints' | 'chargers' | 'clock' | 'tenants'>,
  tenantId: string,
  query: ChargePointListQuery,
): Promise<ChargePointListPage> {
  const page = await deps.chargePoints.listChargePoints(tenantId, {
    limit: query.limit,
    cursor: query.cursor,
    siteId: query.siteId,
  });
  const interval = await heartbeatIntervalFor(deps, tenantId);
  const now = deps.clock.now();
  const listed = await Promise.all(
    page.items.map(async (found) => ({
      found,
      connected: (await chargerLiveness(deps, found.chargePoint.connectionId, interval, now)).connected,
    })),
  );
  const items = listed
    .filter(({ connected }) => query.connected === undefined || connected === query.connected)
    .filter(({ found }) => {
      if (!query.status) return true;
      const statuses = statusesOf(found);
      return [...query.status].some((status) => statuses.has(status));
    });
  return { items, nextCursor: page.nextCursor };
}

/** The statuses a charge point shows: those of its connectors as displayed (maintenance = Unavailable). */
function statusesOf({ chargePoint, connectors }: ChargePointWithConnectors): Set<string> {
  const maintenance = chargePoint.maintenance === true;
  return effectiveStatuses(
    connectorViews(chargePoint.configuredConnectors ?? [], connectors, maintenance),
    maintenance,
  );
}
