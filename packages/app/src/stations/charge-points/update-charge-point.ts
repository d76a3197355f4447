import { type ChargePointPatch, isSiteId } from '@csms/core';
import type { Deps } from '../../deps.ts';
import { requestAvailabilityForMaintenance } from '../charge-point-availability.ts';
import { requireActiveChargePoint, requireChargePoint } from '../commands/charger-lookup.ts';
import { triggerBootIfPending } from './boot-acceptance.ts';
import { type ChargePointDetails, detailsOf } from './charge-point-details.ts';
import { settleUpdate, unknownSite } from './registration-outcomes.ts';

/**
 * Configures an active charge point (a decommissioned one: 409). A flip of maintenance is recorded first and
 * then sent to the charger as ChangeAvailability (told again at its next boot when it is offline or refuses);
 * `bootAcceptance` answers the charger's next boot, and set to Accepted it asks a connected Pending charger to
 * boot now (`triggerBootIfPending`). The answer is the charge point as read after the change.
 */
export async function updateChargePoint(
  deps: Deps,
  tenantId: string,
  id: string,
  patch: ChargePointPatch,
): Promise<ChargePointDetails> {
  const found = await requireActiveChargePoint(deps, tenantId, id);
  const { chargePoint } = found;
  if (typeof patch.siteId === 'string' && !isSiteId(patch.siteId)) throw unknownSite();
  const outcome = await deps.chargePoints.configureChargePoint(
    chargePoint,
    {
      name: patch.name,
      siteId: patch.siteId,
      configuredConnectors: patch.connectors,
      maintenance: patch.maintenance,
      bootAcceptance: patch.bootAcceptance,
      securityProfile: patch.securityProfile,
    },
    deps.clock.now().toISOString(),
  );
  settleUpdate(outcome, id);
  if (patch.bootAcceptance === 'Accepted') {
    // The last boot's answer is on the live item, which the change above did not touch.
    await triggerBootIfPending(deps, found);
  }
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
