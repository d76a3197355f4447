import type { Deps } from '../deps.ts';

export interface ChargerLiveness {
  readonly connected: boolean;
  readonly lastActiveAt?: Date;
}

/**
 * Is a charger online? Its connection must still exist at the gateway, and it must have said something within
 * twice its heartbeat interval: a charger whose TCP connection lingers but which stopped talking is offline.
 * This costs no write per heartbeat: the gateway tracks `lastActiveAt` for free.
 */
export async function chargerLiveness(
  deps: Pick<Deps, 'chargers'>,
  connectionId: string | undefined,
  heartbeatIntervalSeconds: number,
  now: Date = new Date(),
): Promise<ChargerLiveness> {
  if (!connectionId) return { connected: false };
  const live = await deps.chargers.describe(connectionId);
  if (!live) return { connected: false };
  const lastActiveAt = live.lastActiveAt ?? live.connectedAt;
  const silentMs = lastActiveAt ? now.getTime() - lastActiveAt.getTime() : 0;
  return {
    connected: silentMs <= 2 * heartbeatIntervalSeconds * 1000,
    ...(lastActiveAt ? { lastActiveAt } : {}),
  };
}
