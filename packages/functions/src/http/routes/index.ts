import type { Route } from '../route.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { chargePointRoutes } from './charge-points.ts';
import { commandRoutes } from './commands.ts';
import { customerRoutes } from './customers.ts';
import { idTokenRoutes } from './id-tokens.ts';
import { metaRoutes } from './meta.ts';
import { payoutRoutes } from './payouts.ts';
import { siteRoutes } from './sites.ts';
import { tenantRoutes } from './tenants.ts';
import { termsRoutes } from './terms.ts';

/**
 * Every route of the REST API, in one list: the router serves it and the OpenAPI document (and with it the
 * tenant-isolation suite) is generated from it, so a route cannot exist undocumented or untested.
 */
export const allRoutes: readonly Route[] = [
  ...tenantRoutes,
  ...apiKeyRoutes,
  ...siteRoutes,
  ...chargePointRoutes,
  ...commandRoutes,
  ...customerRoutes,
  ...termsRoutes,
  ...idTokenRoutes,
  ...payoutRoutes,
  ...metaRoutes(() => allRoutes),
];
