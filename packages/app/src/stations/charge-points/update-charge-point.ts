import { type ChargePointPatch, isSiteId } from '@csms/core';
import type { Deps } from '../../deps.ts';
import { requestAvailabilityForMaintenance } from '../charge-point-availability.ts';
import { requireActiveChargePoint, requireChargePoint } from '../commands/charger-lookup.ts';
import { type ChargePointDetails, detailsOf } from './charge-point-details.ts';
import { settleUpdate, unknownSite } from './registration-outcomes.ts';

/**
 * Configures an active charge point (a decommissioned one: 409). A flip of maintenance is recorded first and
 * then sent to the charger as ChangeAvailability (told again at its next boot when it is offline or refuses);
 * the answer is the charge point as read after the change.
 */
export async function updateChargePoint(
  deps: Deps,
  tenantId: string,
  id: string,
  patch: ChargePointPatch,
): Promise<ChargePointDetails> {
  const { chargePoint } = await requireActiveChargePoint(deps, tenantId, id);
  if (typeof patch.siteId === 'string' && !isSiteId(patch.siteId)) throw unknownSite();
  const outcome = await deps.chargePoints.configureChargePoint(
    chargePoint,
    {
      name: patch.name,
      siteId: patch.siteId,
      configuredConnectors: patch.connectors,
      maintenance: patch.maintenance,
    },
    deps.clock.now().toISOString(),
  );
  settleUpdate(outcome, id);
  if (patch.maintenance !== undefined && patch.maintenance !== (chargePoint.maintenance === true)) {
    await requestAvailabilityForMaintenance(deps, {
      tenantId,
      chargePointId: chargePoint.id,
      maintenance: patch.maintenance,
      connectionId: chargePoint.connectionId,
    });
  }
  return detailsOf(deps, tenantId, await requireChargePoint(deps, tenantId, id));
}
