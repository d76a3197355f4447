import type { Deps } from '../../deps.ts';
import { requireChargePoint } from '../commands/charger-lookup.ts';
import { settleUpdate } from './registration-outcomes.ts';

export type DecommissionOutcome = 'decommissioned' | 'already-decommissioned';

/**
 * Final: the charge point leaves its site and the listing, keeps its identity (never registrable again) and
 * its open connection is closed. Repeating it changes nothing.
 */
export async function decommissionChargePoint(
  deps: Deps,
  tenantId: string,
  id: string,
): Promise<DecommissionOutcome> {
  const { chargePoint } = await requireChargePoint(deps, tenantId, id);
  if (chargePoint.decommissionedAt !== undefined) return 'already-decommissioned';
  settleUpdate(
    await deps.chargePoints.decommissionChargePoint(chargePoint, deps.clock.now().toISOString()),
    id,
  );
  // Read after the write: a connection opened meanwhile is the one to close (later ones are refused).
  const after = await deps.chargePoints.getChargePoint(tenantId, id);
  const connectionId = after?.chargePoint.connectionId;
  if (connectionId) await deps.chargers.close(connectionId);
  return 'decommissioned';
}
