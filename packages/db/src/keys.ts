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

  // --- OCPP sessions and CSMS-initiated calls (issue 4) ---

  /** Per-tenant counters (OCPP transaction ids): one item per counter, incremented atomically. */
  counter: (tenantId: string, name: string): ItemKey => ({ pk: tenantPk(tenantId), sk: `COUNTER#${name}` }),

  /** A session owns a partition: the session item plus its meter values, in time order. */
  sessionPk: (tenantId: string, sessionId: string): string => `${tenantPk(tenantId)}#SES#${sessionId}`,
  session: (tenantId: string, sessionId: string): ItemKey => ({
    pk: keys.sessionPk(tenantId, sessionId),
    sk: 'SESSION',
  }),
  meterValue: (tenantId: string, sessionId: string, timestamp: string, seq: number): ItemKey => ({
    pk: keys.sessionPk(tenantId, sessionId),
    sk: `MV#${timestamp}#${String(seq).padStart(4, '0')}`,
  }),
  /** OCPP 1.6 names a session by its integer transaction id: this item maps it to the session. */
  transaction: (tenantId: string, transactionId: number): ItemKey => ({
    pk: `${tenantPk(tenantId)}#TX#${transactionId}`,
    sk: 'TX',
  }),
  /**
   * Seen StartTransaction messages, so a charger's retry returns the same transaction id. Kept in their own
   * partition (not the charge point's, which the authorizer reads whole) and expired by TTL.
   */
  startMessage: (tenantId: string, chargePointId: string, fingerprint: string): ItemKey => ({
    pk: `${keys.chargePointPk(tenantId, chargePointId)}#STARTS`,
    sk: fingerprint,
  }),
  /** Which session occupies a connector right now (absent when free). */
  connectorSession: (tenantId: string, chargePointId: string, connectorId: number): ItemKey => ({
    pk: keys.chargePointPk(tenantId, chargePointId),
    sk: `ACTIVE#${String(connectorId).padStart(4, '0')}`,
  }),

  /** At most one CSMS-initiated call is outstanding per charger (OCPP-J): this item is that slot. */
  pendingCall: (tenantId: string, chargePointId: string): ItemKey => ({
    pk: keys.chargePointPk(tenantId, chargePointId),
    sk: 'PENDING_CALL',
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
  /**
   * A tenant's sites share one partition of their own (few, small, read by the API only), so listing them is
   * one Query without an index. The site item also counts the charge points assigned to it.
   */
  sitesPk: (tenantId: string): string => `${tenantPk(tenantId)}#SITES`,
  site: (tenantId: string, siteId: string): ItemKey => ({ pk: keys.sitesPk(tenantId), sk: `SITE#${siteId}` }),

  // --- customers, drivers, terms documents, id tokens (keys go here) ---
  /**
   * A customer owns a partition: its record (with consent, status and Terms-acceptance histories, which stay
   * small) and one item per driver of a company, so a GDPR export reads it in one Query.
   */
  customerPk: (tenantId: string, customerId: string): string => `${tenantPk(tenantId)}#CUS#${customerId}`,
  customer: (tenantId: string, customerId: string): ItemKey => ({
    pk: keys.customerPk(tenantId, customerId),
    sk: 'CUSTOMER',
  }),
  driver: (tenantId: string, customerId: string, driverId: string): ItemKey => ({
    pk: keys.customerPk(tenantId, customerId),
    sk: `DRIVER#${driverId}`,
  }),
  /** Terms and Privacy documents: few per tenant, one partition; a marker item per kind and version label. */
  termsPk: (tenantId: string): string => `${tenantPk(tenantId)}#TERMS`,
  termsDocument: (tenantId: string, termsId: string): ItemKey => ({
    pk: keys.termsPk(tenantId),
    sk: `DOC#${termsId}`,
  }),
  termsVersion: (tenantId: string, kind: string, version: string): ItemKey => ({
    pk: keys.termsPk(tenantId),
    sk: `VERSION#${kind}#${version}`,
  }),
  /**
   * One partition per token, keyed by the normalized (upper-case) idTag: OCPP Authorize finds it with one
   * GetItem, and the key itself makes idTags unique per tenant regardless of case.
   */
  idToken: (tenantId: string, normalizedIdTag: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#TOKEN#${normalizedIdTag}`,
    sk: 'TOKEN',
  }),
} as const;

/** GSI `gsi1`: per-tenant listings that cut across partitions. */
export const gsi1 = {
  chargePointsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#CPS`,
  chargePointSortKey: (chargePointId: string): string => `CP#${chargePointId}`,

  // --- OCPP sessions (issue 4): sessions of a tenant by start time ---
  sessionsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#SESSIONS`,
  sessionSortKey: (startedAt: string, sessionId: string): string => `${startedAt}#${sessionId}`,

  // --- sites and charge point management (gsi1 keys go here) ---

  // --- customers, drivers, terms documents, id tokens (gsi1 keys go here) ---
  /** Customers of a tenant, oldest first by creation (listed newest first). */
  customersOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#CUSTOMERS`,
  customerSortKey: (createdAt: string, customerId: string): string => `CUS#${createdAt}#${customerId}`,
  /** Terms documents in the order they take effect, then of publication. */
  termsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#TERMSDOCS`,
  termsSortKey: (effectiveFrom: string, publishedAt: string, termsId: string): string =>
    `TERMS#${effectiveFrom}#${publishedAt}#${termsId}`,
  /** All tokens of a tenant grouped by customer: one index entry serves "all tokens" and "a customer's". */
  idTokensOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#IDTOKENS`,
  idTokensOfCustomerPrefix: (customerId: string): string => `CUS#${customerId}#TOKEN#`,
  idTokenSortKey: (customerId: string, normalizedIdTag: string): string =>
    `CUS#${customerId}#TOKEN#${normalizedIdTag}`,
} as const;
