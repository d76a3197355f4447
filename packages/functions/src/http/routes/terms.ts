import type { Route } from '../route.ts';

/** Terms and Privacy documents: being written (issue 3). */
export const termsRoutes: Route[] = [];
