import type { Route } from '../route.ts';

/** Customers, drivers, Terms acceptance, privacy: being written (issue 3). */
export const customerRoutes: Route[] = [];
