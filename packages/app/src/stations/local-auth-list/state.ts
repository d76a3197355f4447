import type { Deps } from '@csms/app/deps';
import type { LocalListState } from '@csms/db';
import { requireChargePoint } from '../commands/charger-lookup.ts';

/** What is known of a charger's local list; `state` is undefined until a list was first sent or pushed. */
export interface LocalListReading {
  readonly chargePointId: string;
  readonly state: LocalListState | undefined;
}

/** The charger's local list version, limits and last sync and push; 404 for an unknown charger. */
export async function readLocalListState(
  deps: Pick<Deps, 'chargePoints' | 'localAuthLists'>,
  tenantId: string,
  chargePointId: string,
): Promise<LocalListReading> {
  const found = await requireChargePoint(deps, tenantId, chargePointId);
  const id = found.chargePoint.id;
  return { chargePointId: id, state: await deps.localAuthLists.getLocalListState(tenantId, id) };
}
