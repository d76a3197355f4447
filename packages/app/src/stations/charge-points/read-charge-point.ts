import type { Deps } from '../../deps.ts';
import { requireChargePoint } from '../commands/charger-lookup.ts';
import { type ChargePointDetails, detailsOf } from './charge-point-details.ts';

/** A charge point with its live status; a decommissioned one answers too. Unknown or foreign: 404. */
export async function readChargePoint(deps: Deps, tenantId: string, id: string): Promise<ChargePointDetails> {
  return detailsOf(deps, tenantId, await requireChargePoint(deps, tenantId, id));
}
