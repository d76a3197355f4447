import type { Route } from '../route.ts';
import { apiKeyRoutes } from './api-keys.ts';
import { billingRoutes } from './billing.ts';
import { certificateRoutes } from './certificates.ts';
import { chargePointRoutes } from './charge-points.ts';
import { chargerReportRoutes } from './charger-reports.ts';
import { chargingProfileRoutes } from './charging-profiles.ts';
import { commandRoutes } from './commands.ts';
import { configurationRoutes } from './configuration.ts';
import { customerRoutes } from './customers.ts';
import { deviceModelRoutes } from './device-model.ts';
import { firmwareRoutes } from './firmware.ts';
import { idTokenRoutes } from './id-tokens.ts';
import { invoiceRoutes } from './invoices.ts';
import { localAuthListRoutes } from './local-auth-list.ts';
import { metaRoutes } from './meta.ts';
import { paymentRoutes } from './payments/index.ts';
import { payoutRoutes } from './payouts.ts';
import { remoteControlRoutes } from './remote-control.ts';
import { reservationRoutes } from './reservations.ts';
import { sessionRoutes } from './sessions.ts';
import { siteRoutes } from './sites.ts';
import { tariffRoutes } from './tariffs.ts';
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
  // OCPP 1.6 friendly routes and feature profiles
  ...remoteControlRoutes,
  ...localAuthListRoutes,
  ...reservationRoutes,
  ...chargingProfileRoutes,
  ...firmwareRoutes,
  ...chargerReportRoutes,
  // Certificates: the charging-station CA and chargers' trust anchors
  ...certificateRoutes,
  // OCPP 2.0.1 device model and reports
  ...deviceModelRoutes,
  ...configurationRoutes,
  ...customerRoutes,
  ...termsRoutes,
  ...idTokenRoutes,
  ...payoutRoutes,
  ...paymentRoutes,
  ...sessionRoutes,
  ...tariffRoutes,
  ...invoiceRoutes,
  ...billingRoutes,
  ...metaRoutes(() => allRoutes),
];
