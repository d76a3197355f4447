import type { Ocpp16, Ocpp201 } from '@csms/ocpp';
import type { ActionHandler } from './types.ts';

/**
 * Heartbeat is the most frequent message and deliberately touches no table: liveness is what the gateway
 * already records per connection (`lastActiveAt`), so a heartbeat costs one Lambda call and no write units.
 */
export const heartbeat16: ActionHandler<Ocpp16.HeartbeatRequest, Ocpp16.HeartbeatResponse> = async () => ({
  currentTime: new Date().toISOString(),
});

export const heartbeat201: ActionHandler<Ocpp201.HeartbeatRequest, Ocpp201.HeartbeatResponse> = async () => ({
  currentTime: new Date().toISOString(),
});
