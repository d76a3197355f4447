import type { ChargePointWithConnectors, StoredSite } from '@csms/db';
import type { Deps } from '../../deps.ts';
import { type ChargerLiveness, chargerLiveness } from '../charger-liveness.ts';
import { heartbeatIntervalFor } from '../heartbeat-interval.ts';

/** A charge point with what the gateway says of its connection and the site it stands on. */
export interface ChargePointDetails {
  readonly found: ChargePointWithConnectors;
  readonly live: ChargerLiveness;
  readonly site: StoredSite | undefined;
}

export type DetailsDeps = Pick<Deps, 'chargers' | 'clock' | 'sites' | 'tenants'>;

/** Liveness from the gateway (silent past 2× the heartbeat interval = offline) and the site, read together. */
export async function detailsOf(
  deps: DetailsDeps,
  tenantId: string,
  found: ChargePointWithConnectors,
): Promise<ChargePointDetails> {
  const { chargePoint } = found;
  const [live, site] = await Promise.all([
    heartbeatIntervalFor(deps, tenantId).then((interval) =>
      chargerLiveness(deps, chargePoint.connectionId, interval, deps.clock.now()),
    ),
    chargePoint.siteId ? deps.sites.getSite(tenantId, chargePoint.siteId) : undefined,
  ]);
  return { found, live, site };
}
