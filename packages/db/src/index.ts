/**
 * The single table behind intent-named repositories. Use cases get the repositories bound to one table client
 * (`createRepositories`, built once in `createDeps`) and never see keys, items or the client itself; the
 * access patterns are written down in `ACCESS_PATTERNS.md`. Only types and the few entry points below leave
 * this package.
 */

export type * from './availability.ts';
export type * from './capacity.ts';
export {
  capacityTotals,
  recordConsumedCapacity,
  resetCapacityTotals,
  withCapacityLabel,
} from './capacity.ts';
export type * from './certificates.ts';
export type * from './charge-points.ts';
export type * from './charging-profiles.ts';
export type * from './charging-reports.ts';
export type * from './complaints.ts';
export type * from './create-table.ts';
export { createTable } from './create-table.ts';
export type * from './customers.ts';
export type * from './device-model.ts';
export type * from './device-reports.ts';
export type * from './discount-codes.ts';
export type * from './document-lists.ts';
export type * from './documents.ts';
export type * from './firmware.ts';
export type * from './id-tokens.ts';
export type * from './idempotency.ts';
export type * from './keys.ts';
export type * from './ledger.ts';
export type * from './local-auth-lists.ts';
export type * from './pagination.ts';
export type * from './partition.ts';
export type * from './pending-calls.ts';
export type * from './query-page.ts';
export type * from './rate-limits.ts';
export type * from './remote-starts.ts';
export type * from './repositories.ts';
export { createRepositories } from './repositories.ts';
export type * from './reservations.ts';
export type * from './security-events.ts';
export type * from './session-funding.ts';
export type * from './session-lifecycle.ts';
export type * from './session-statuses.ts';
export type * from './sessions.ts';
export type * from './settlements.ts';
export type * from './sites.ts';
export type * from './stripe-events.ts';
export type * from './table.ts';
export { tableDefinition } from './table.ts';
export type * from './tariff-assignments.ts';
export type * from './tariffs.ts';
export type * from './tenant-events.ts';
export type * from './tenants.ts';
export type * from './terms.ts';
export type * from './vouchers.ts';
export type * from './wallets.ts';
export type * from './write-set.ts';
