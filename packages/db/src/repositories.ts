import { createAvailabilityRepository } from './availability.ts';
import { createCertificatesRepository } from './certificates.ts';
import { createChargePointsRepository } from './charge-points.ts';
import { createChargingProfilesRepository } from './charging-profiles.ts';
import { createChargingReportsRepository } from './charging-reports.ts';
import { createComplaintsRepository } from './complaints.ts';
import { createCustomersRepository } from './customers.ts';
import { createDeviceModelRepository } from './device-model.ts';
import { createDeviceReportsRepository } from './device-reports.ts';
import { createDiscountCodesRepository } from './discount-codes.ts';
import { createDocumentListsRepository } from './document-lists.ts';
import { createDocumentsRepository } from './documents.ts';
import { createFirmwareRepository } from './firmware.ts';
import { createIdTokensRepository } from './id-tokens.ts';
import { createIdempotencyRepository } from './idempotency.ts';
import { createLedgerRepository } from './ledger.ts';
import { createLocalAuthListsRepository } from './local-auth-lists.ts';
import { createPendingCallsRepository } from './pending-calls.ts';
import { createRateLimitsRepository } from './rate-limits.ts';
import { createRemoteStartsRepository } from './remote-starts.ts';
import { createReservationsRepository } from './reservations.ts';
import { createSecurityEventsRepository } from './security-events.ts';
import { createSessionFundingRepository } from './session-funding.ts';
import { createSessionLifecycleRepository } from './session-lifecycle.ts';
import { createSessionStatusesRepository } from './session-statuses.ts';
import { createSessionsRepository } from './sessions.ts';
import { createSettlementsRepository } from './settlements.ts';
import { createSitesRepository } from './sites.ts';
import { createStripeEventsRepository } from './stripe-events.ts';
import { TableClient, type TableSettings } from './table/table-client.ts';
import { createTariffAssignmentsRepository } from './tariff-assignments.ts';
import { createTariffsRepository } from './tariffs.ts';
import { createTenantEventsRepository } from './tenant-events.ts';
import { createTenantsRepository } from './tenants.ts';
import { createTermsRepository } from './terms.ts';
import { createVouchersRepository } from './vouchers.ts';
import { createWalletsRepository } from './wallets.ts';

/**
 * Every repository of the single table, built on one table client. This is what the rest of the product sees
 * of storage: intent-named methods, no keys, expressions or client. A handler builds it once (on Lambda at cold
 * start, locally once for the runtime); a use case takes the repositories it needs from it.
 */
export function createRepositories(settings: TableSettings) {
  const table = new TableClient(settings);
  return {
    availability: createAvailabilityRepository(table),
    certificates: createCertificatesRepository(table),
    chargePoints: createChargePointsRepository(table),
    chargingProfiles: createChargingProfilesRepository(table),
    chargingReports: createChargingReportsRepository(table),
    complaints: createComplaintsRepository(table),
    customers: createCustomersRepository(table),
    deviceModel: createDeviceModelRepository(table),
    deviceReports: createDeviceReportsRepository(table),
    discountCodes: createDiscountCodesRepository(table),
    documentLists: createDocumentListsRepository(table),
    documents: createDocumentsRepository(table),
    firmware: createFirmwareRepository(table),
    idTokens: createIdTokensRepository(table),
    idempotency: createIdempotencyRepository(table),
    ledger: createLedgerRepository(table),
    localAuthLists: createLocalAuthListsRepository(table),
    pendingCalls: createPendingCallsRepository(table),
    rateLimits: createRateLimitsRepository(table),
    remoteStarts: createRemoteStartsRepository(table),
    reservations: createReservationsRepository(table),
    securityEvents: createSecurityEventsRepository(table),
    sessionFunding: createSessionFundingRepository(table),
    sessionLifecycle: createSessionLifecycleRepository(table),
    sessionStatuses: createSessionStatusesRepository(table),
    sessions: createSessionsRepository(table),
    settlements: createSettlementsRepository(table),
    sites: createSitesRepository(table),
    stripeEvents: createStripeEventsRepository(table),
    tariffAssignments: createTariffAssignmentsRepository(table),
    tariffs: createTariffsRepository(table),
    tenantEvents: createTenantEventsRepository(table),
    tenants: createTenantsRepository(table),
    terms: createTermsRepository(table),
    vouchers: createVouchersRepository(table),
    wallets: createWalletsRepository(table),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
