import type { Route } from '../route.ts';

/** Sites: being written (issue 3). */
export const siteRoutes: Route[] = [];
