import { createHash } from 'node:crypto';

/**
 * Every key of the single table is built here and nowhere else. Each partition key starts with the tenant
 * (`T#<tenantId>`), so a tenant's data can never be addressed without naming the tenant, and a big tenant is
 * spread over many partitions (one per charge point) instead of one hot partition.
 * The access patterns these keys serve are listed in `ACCESS_PATTERNS.md` beside this file.
 */
export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

const tenantPk = (tenantId: string): string => `T#${tenantId}`;

export const keys = {
  tenant: (tenantId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: 'TENANT' }),

  apiKey: (tenantId: string, keyId: string): ItemKey => ({ pk: tenantPk(tenantId), sk: `APIKEY#${keyId}` }),

  /** The client's key is hashed: it is arbitrary text up to 255 characters, sort keys should stay short. */
  idempotencyKey: (tenantId: string, key: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#IDEMPOTENCY`,
    sk: createHash('sha256').update(key).digest('base64url'),
  }),

  /**
   * The one kind of item outside any tenant: abuse counters for public routes (signup), keyed by client
   * address. They hold no tenant data and expire by TTL.
   */
  rateLimit: (bucket: string, subject: string, window: number): ItemKey => ({
    pk: `PLATFORM#RATE#${bucket}#${subject}`,
    sk: String(window),
  }),

  /** A charge point owns a partition: its record plus one item per connector, read back in one Query. */
  chargePointPk: (tenantId: string, chargePointId: string): string =>
    `${tenantPk(tenantId)}#CP#${chargePointId}`,
  chargePoint: (tenantId: string, chargePointId: string): ItemKey => ({
    pk: keys.chargePointPk(tenantId, chargePointId),
    sk: 'CP',
  }),
  /**
   * What the charger itself changes (connection, boot information) lives apart from the registration item,
   * which carries the GSI keys: an update there would also write the index, doubling its cost on every
   * reconnect and boot.
   */
  chargePointLive: (tenantId: string, chargePointId: string): ItemKey => ({
    pk: keys.chargePointPk(tenantId, chargePointId),
    sk: 'LIVE',
  }),
  connector: (tenantId: string, chargePointId: string, connectorId: number): ItemKey => ({
    pk: keys.chargePointPk(tenantId, chargePointId),
    // Zero-padded so connectors sort numerically.
    sk: `CONN#${String(connectorId).padStart(4, '0')}`,
  }),

  // --- sites and charge point management (keys for sites go here) ---

  // --- customers, drivers, terms documents, id tokens (keys go here) ---
} as const;

/** GSI `gsi1`: per-tenant listings that cut across partitions. */
export const gsi1 = {
  chargePointsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#CPS`,
  chargePointSortKey: (chargePointId: string): string => `CP#${chargePointId}`,

  // --- sites and charge point management (gsi1 keys go here) ---

  // --- customers, drivers, terms documents, id tokens (gsi1 keys go here) ---
} as const;
