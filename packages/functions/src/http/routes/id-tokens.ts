import type { Route } from '../route.ts';

/** ID tokens (RFID, VehicleId): being written (issue 3). */
export const idTokenRoutes: Route[] = [];
