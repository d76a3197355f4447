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

/** An OCPP 2.0.1 component as the device model names it (the EVSE and connector are part of its identity). */
export interface DeviceComponentRef {
  readonly name: string;
  readonly instance?: string | undefined;
  readonly evseId?: number | undefined;
  readonly connectorId?: number | undefined;
}

export interface DeviceVariableRef {
  readonly name: string;
  readonly instance?: string | undefined;
}

/**
 * One segment of a device-model sort key. OCPP compares component and variable names case-insensitively, so
 * the key does too; names are free text, so `#` (the separator) and anything else odd is percent-encoded.
 */
const keySegment = (text: string | undefined): string => encodeURIComponent((text ?? '').toLowerCase());
/** Zero-padded so ids sort numerically; absent stays empty (sorts first). */
const keyNumber = (n: number | undefined): string =>
  n === undefined ? '' : n < 0 ? `-${String(-n).padStart(10, '0')}` : String(n).padStart(10, '0');

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

  // --- OCPP sessions and CSMS-initiated calls ---

  /** The tenant's event log: one partition per tenant, one item per (event type, subject). */
  tenantEvent: (tenantId: string, id: string): ItemKey => ({ pk: `${tenantPk(tenantId)}#EVENTS`, sk: id }),

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
  /** Which session occupies a connector right now (absent when free), and its last register reading. */
  connectorSession: (tenantId: string, chargePointId: string, connectorId: number): ItemKey => ({
    pk: keys.chargePointPk(tenantId, chargePointId),
    sk: `ACTIVE#${String(connectorId).padStart(4, '0')}`,
  }),

  /** At most one CSMS-initiated call is outstanding per charger (OCPP-J): this item is that slot. */
  pendingCall: (tenantId: string, chargePointId: string): ItemKey => ({
    pk: keys.chargePointPk(tenantId, chargePointId),
    sk: 'PENDING_CALL',
  }),
  /** An OCPP 2.0.1 remote start, by the `remoteStartId` it sent: who asked, for the transaction it becomes. */
  remoteStart: (tenantId: string, chargePointId: string, remoteStartId: number): ItemKey => ({
    pk: keys.chargePointPk(tenantId, chargePointId),
    sk: `REMOTESTART#${remoteStartId}`,
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

  // --- OCPP 1.6 feature profiles: availability, local lists, reservations, smart charging,
  // firmware. None of it lives in the charge point's own partition, which the authorizer reads whole. ---
  /** What the CSMS wants a charger's availability to be (maintenance), until the charger has accepted it. */
  availabilityIntent: (tenantId: string, chargePointId: string): ItemKey => ({
    pk: `${keys.chargePointPk(tenantId, chargePointId)}#CONTROL`,
    sk: 'AVAILABILITY',
  }),
  /** One item per charger that was sent a local list: blocking a token (I1) finds them all in one Query. */
  localListsPk: (tenantId: string): string => `${tenantPk(tenantId)}#LOCALLISTS`,
  localList: (tenantId: string, chargePointId: string): ItemKey => ({
    pk: keys.localListsPk(tenantId),
    sk: `CP#${chargePointId}`,
  }),
  reservation: (tenantId: string, reservationId: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#RSV#${reservationId}`,
    sk: 'RESERVATION',
  }),
  /** OCPP names a reservation by its integer id (StartTransaction.reservationId): this maps it to ours. */
  reservationNumber: (tenantId: string, number: number): ItemKey => ({
    pk: `${tenantPk(tenantId)}#RSVNO#${number}`,
    sk: 'RSVNO',
  }),
  /** A charger's charging profiles (SmartCharging), by OCPP chargingProfileId. */
  chargingProfilesPk: (tenantId: string, chargePointId: string): string =>
    `${keys.chargePointPk(tenantId, chargePointId)}#PROFILES`,
  chargingProfile: (tenantId: string, chargePointId: string, chargingProfileId: number): ItemKey => ({
    pk: keys.chargingProfilesPk(tenantId, chargePointId),
    sk: `PROFILE#${String(chargingProfileId).padStart(10, '0')}`,
  }),
  /** Firmware updates / diagnostics asked of a charger, and the statuses it reported, in time order. */
  firmwarePk: (tenantId: string, chargePointId: string): string =>
    `${keys.chargePointPk(tenantId, chargePointId)}#FIRMWARE`,
  firmwareRequest: (tenantId: string, chargePointId: string, requestedAt: string, id: string): ItemKey => ({
    pk: keys.firmwarePk(tenantId, chargePointId),
    sk: `REQ#${requestedAt}#${id}`,
  }),
  firmwareStatusReport: (tenantId: string, chargePointId: string, at: string, kind: string): ItemKey => ({
    pk: keys.firmwarePk(tenantId, chargePointId),
    sk: `STATUS#${at}#${kind}`,
  }),

  // --- charger reports (OCPP 2.0.1, and the 1.6 security extension): security events, external charging
  // limits, EV charging needs and schedules. Sibling partitions again, out of the authorizer's read. ---
  /** A charger's security log, by the charger's timestamp; the digest keeps a replayed event one item. */
  securityEventsPk: (tenantId: string, chargePointId: string): string =>
    `${keys.chargePointPk(tenantId, chargePointId)}#SECURITY`,
  securityEvent: (tenantId: string, chargePointId: string, timestamp: string, digest: string): ItemKey => ({
    pk: keys.securityEventsPk(tenantId, chargePointId),
    sk: `EVT#${timestamp}#${digest}`,
  }),
  /** What a charger reported about limits and EVs: a few items per EVSE, read back in one Query. */
  chargingReportsPk: (tenantId: string, chargePointId: string): string =>
    `${keys.chargePointPk(tenantId, chargePointId)}#CHARGING`,
  externalChargingLimit: (
    tenantId: string,
    chargePointId: string,
    evseId: number,
    source: string,
  ): ItemKey => ({
    pk: keys.chargingReportsPk(tenantId, chargePointId),
    sk: `LIMIT#${String(evseId).padStart(4, '0')}#${source}`,
  }),
  evChargingNeeds: (tenantId: string, chargePointId: string, evseId: number): ItemKey => ({
    pk: keys.chargingReportsPk(tenantId, chargePointId),
    sk: `NEEDS#${String(evseId).padStart(4, '0')}`,
  }),
  evChargingSchedule: (tenantId: string, chargePointId: string, evseId: number): ItemKey => ({
    pk: keys.chargingReportsPk(tenantId, chargePointId),
    sk: `EVSCHEDULE#${String(evseId).padStart(4, '0')}`,
  }),

  // --- certificates (OCPP 2.0.1 blocks A and M, the 1.6 security extension): the tenant's charging-station CA
  // and what it issued, in partitions of their own (the authorizer reads the charge point's whole). ---
  /** The tenant's charging-station CA: its certificate and its private key, encrypted (never in plain text). */
  chargingStationCa: (tenantId: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CA`,
    sk: 'CHARGING_STATION',
  }),
  /** A certificate the CA issued, by serial number, so a status request (OCSP data) is one GetItem. */
  issuedCertificate: (tenantId: string, serialNumber: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CERT#${serialNumber}`,
    sk: 'CERT',
  }),

  // --- OCPP 2.0.1 device model (NotifyReport, NotifyMonitoringReport, NotifyEvent) and what a charger reports
  // it holds (ReportChargingProfiles, NotifyDisplayMessages, NotifyCustomerInformation). Sibling partitions,
  // out of the authorizer's read of the charge point's own. ---
  /**
   * A charger's device model: one item per reported variable, one per monitor, one per report request, and the
   * charger's requestId counter. Listing variables (of one component) is one Query on a prefix.
   */
  deviceModelPk: (tenantId: string, chargePointId: string): string =>
    `${keys.chargePointPk(tenantId, chargePointId)}#DM`,
  reportedVariable: (
    tenantId: string,
    chargePointId: string,
    component: DeviceComponentRef,
    variable: DeviceVariableRef,
  ): ItemKey => ({
    pk: keys.deviceModelPk(tenantId, chargePointId),
    sk: `${keys.reportedVariablesOf(component.name)}${keySegment(component.instance)}#${keyNumber(component.evseId)}#${keyNumber(component.connectorId)}#${keySegment(variable.name)}#${keySegment(variable.instance)}`,
  }),
  /** The sort-key prefix of every variable (no name) or of one component's variables, whatever its instance. */
  reportedVariablesOf: (componentName?: string): string =>
    componentName === undefined ? 'VAR#' : `VAR#${keySegment(componentName)}#`,
  reportedMonitor: (tenantId: string, chargePointId: string, monitorId: number): ItemKey => ({
    pk: keys.deviceModelPk(tenantId, chargePointId),
    sk: `MON#${keyNumber(monitorId)}`,
  }),
  /** `REPORT` (GetBaseReport/GetReport → NotifyReport) or `MONREPORT` (GetMonitoringReport → its notify). */
  reportRequest: (
    tenantId: string,
    chargePointId: string,
    kind: 'REPORT' | 'MONREPORT',
    requestId: number,
  ): ItemKey => ({ pk: keys.deviceModelPk(tenantId, chargePointId), sk: `${kind}#${keyNumber(requestId)}` }),
  /** requestIds are per charger in OCPP: the counter lives with the charger, not on the tenant's item. */
  deviceModelRequestCounter: (tenantId: string, chargePointId: string): ItemKey => ({
    pk: keys.deviceModelPk(tenantId, chargePointId),
    sk: 'COUNTER#requestId',
  }),
  /** NotifyEvent: a charger's events by the charger's timestamp, apart from the device model (they pile up). */
  deviceEventsPk: (tenantId: string, chargePointId: string): string =>
    `${keys.chargePointPk(tenantId, chargePointId)}#DMEVENTS`,
  deviceEvent: (tenantId: string, chargePointId: string, timestamp: string, eventId: number): ItemKey => ({
    pk: keys.deviceEventsPk(tenantId, chargePointId),
    sk: `EVT#${timestamp}#${keyNumber(eventId)}`,
  }),
  /** What a charger reported holding: charging profiles, display messages, customer information parts. */
  deviceReportsPk: (tenantId: string, chargePointId: string): string =>
    `${keys.chargePointPk(tenantId, chargePointId)}#HELD`,
  reportedChargingProfile: (
    tenantId: string,
    chargePointId: string,
    evseId: number,
    chargingProfileId: number,
  ): ItemKey => ({
    pk: keys.deviceReportsPk(tenantId, chargePointId),
    sk: `PROFILE#${keyNumber(evseId)}#${keyNumber(chargingProfileId)}`,
  }),
  reportedDisplayMessage: (tenantId: string, chargePointId: string, messageId: number): ItemKey => ({
    pk: keys.deviceReportsPk(tenantId, chargePointId),
    sk: `MSG#${keyNumber(messageId)}`,
  }),
  customerInformationPart: (
    tenantId: string,
    chargePointId: string,
    requestId: number,
    seqNo: number,
  ): ItemKey => ({
    pk: keys.deviceReportsPk(tenantId, chargePointId),
    sk: `CUSTINFO#${keyNumber(requestId)}#${keyNumber(seqNo)}`,
  }),

  // --- tariffs and pricing ---
  /** A tariff owns a partition: its record and one item per version, read back in one Query. */
  tariffPk: (tenantId: string, tariffId: string): string => `${tenantPk(tenantId)}#TAR#${tariffId}`,
  tariff: (tenantId: string, tariffId: string): ItemKey => ({
    pk: keys.tariffPk(tenantId, tariffId),
    sk: 'TARIFF',
  }),
  tariffVersion: (tenantId: string, tariffId: string, version: number): ItemKey => ({
    pk: keys.tariffPk(tenantId, tariffId),
    sk: `V#${String(version).padStart(6, '0')}`,
  }),
  /**
   * Tariff assignments of a tenant, one item per scope (`assignmentScopeKey` of the core, e.g. `site#s1#DC`):
   * pricing a session fetches the few scopes that could apply with one BatchGetItem.
   */
  tariffAssignmentsPk: (tenantId: string): string => `${tenantPk(tenantId)}#TARIFFASSIGN`,
  tariffAssignment: (tenantId: string, scopeKey: string): ItemKey => ({
    pk: keys.tariffAssignmentsPk(tenantId),
    sk: scopeKey,
  }),
  /** A connector status reported while a session ran, in the session's partition (charging vs idle). */
  sessionStatus: (tenantId: string, sessionId: string, timestamp: string, status: string): ItemKey => ({
    pk: keys.sessionPk(tenantId, sessionId),
    sk: `ST#${timestamp}#${status}`,
  }),

  // --- payments: ledger, wallets, vouchers, discount codes, complaints ---
  /** One immutable ledger transaction; its id names the business event, so an event is booked once. */
  ledgerTransaction: (tenantId: string, transactionId: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#LTX#${transactionId}`,
    sk: 'LTX',
  }),
  /**
   * A customer's wallet, in the customer's partition: balance and credit used (ledger balances), credit limit,
   * saved card (provider ids and last4 only), attached vouchers and discount codes.
   */
  wallet: (tenantId: string, customerId: string): ItemKey => ({
    pk: keys.customerPk(tenantId, customerId),
    sk: 'WALLET',
  }),
  /** A gift voucher by its normalized (upper-case) code: codes are unique per tenant. */
  voucher: (tenantId: string, normalizedCode: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#VOUCHER#${normalizedCode}`,
    sk: 'VOUCHER',
  }),
  discountCode: (tenantId: string, normalizedCode: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#DISCOUNT#${normalizedCode}`,
    sk: 'DISCOUNT',
  }),
  /** How a session is funded (means, card hold) and how it was settled, in the session's partition. */
  sessionFunding: (tenantId: string, sessionId: string): ItemKey => ({
    pk: keys.sessionPk(tenantId, sessionId),
    sk: 'FUNDING',
  }),
  complaint: (tenantId: string, complaintId: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#CMP#${complaintId}`,
    sk: 'COMPLAINT',
  }),
  /** Stripe webhook events already handled (Stripe delivers at least once), expired by TTL. */
  stripeEvent: (tenantId: string, eventId: string): ItemKey => ({
    pk: `${tenantPk(tenantId)}#STRIPEEVENTS`,
    sk: eventId,
  }),

  // --- billing documents: receipts, invoices, credit notes ---
  /**
   * A document owns a partition: its header (`DOC`, indexed on gsi1) and its lines and sessions in parts
   * (`PART#L0000`, `PART#S0000`), so a month's invoice of thousands of sessions stays under the item size limit.
   * Numbers come from `counter(tenantId, 'DOCNO#<series>')`, written in the same transaction as the document.
   */
  documentPk: (tenantId: string, documentId: string): string => `${tenantPk(tenantId)}#DOC#${documentId}`,
  document: (tenantId: string, documentId: string): ItemKey => ({
    pk: keys.documentPk(tenantId, documentId),
    sk: 'DOC',
  }),
  documentPart: (tenantId: string, documentId: string, part: string): ItemKey => ({
    pk: keys.documentPk(tenantId, documentId),
    sk: `PART#${part}`,
  }),
  /** A customer's documents by issue date (statements, the customer filter of the list): one item each. */
  customerDocumentsPk: (tenantId: string, customerId: string): string =>
    `${tenantPk(tenantId)}#CUSDOCS#${customerId}`,
  customerDocument: (tenantId: string, customerId: string, issueDate: string, number: string): ItemKey => ({
    pk: keys.customerDocumentsPk(tenantId, customerId),
    sk: `${issueDate}#${number}`,
  }),
} as const;

/** GSI `gsi1`: per-tenant listings that cut across partitions. */
export const gsi1 = {
  /** Platform jobs only (the scheduler): every tenant. Holds no tenant data beyond the id. */
  allTenants: 'PLATFORM#TENANTS',

  chargePointsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#CPS`,
  chargePointSortKey: (chargePointId: string): string => `CP#${chargePointId}`,

  // --- OCPP sessions: sessions of a tenant by start time ---
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

  // --- OCPP 1.6 reservations: a tenant's reservations, newest first ---
  reservationsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#RESERVATIONS`,
  reservationSortKey: (createdAt: string, reservationId: string): string =>
    `RSV#${createdAt}#${reservationId}`,

  // --- certificates: what the charging-station CA issued to one charger, by issue time ---
  certificatesOfChargePoint: (tenantId: string, chargePointId: string): string =>
    `${tenantPk(tenantId)}#CP#${chargePointId}#CERTS`,
  certificateSortKey: (issuedAt: string, serialNumber: string): string => `CERT#${issuedAt}#${serialNumber}`,

  // --- tariffs and pricing ---
  /** Tariffs of a tenant in creation order. */
  tariffsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#TARIFFS`,
  tariffSortKey: (createdAt: string, tariffId: string): string => `TAR#${createdAt}#${tariffId}`,

  // --- payments ---
  /** The tenant's journal per calendar month (finance exports are per period). */
  ledgerOfTenantMonth: (tenantId: string, month: string): string => `${tenantPk(tenantId)}#LEDGER#${month}`,
  ledgerSortKey: (at: string, transactionId: string): string => `${at}#${transactionId}`,
  /** Vouchers not yet forfeited, by expiry: the forfeiting job reads those already expired. Sparse. */
  vouchersByExpiry: (tenantId: string): string => `${tenantPk(tenantId)}#VOUCHERS`,
  voucherExpirySortKey: (expiresAt: string, code: string): string => `${expiresAt}#${code}`,
  /** Complaints of a tenant, oldest first. */
  complaintsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#COMPLAINTS`,
  complaintSortKey: (createdAt: string, complaintId: string): string => `CMP#${createdAt}#${complaintId}`,

  // --- billing documents ---
  /** Document headers of a tenant by issue date (lists and exports per period). */
  documentsOfTenant: (tenantId: string): string => `${tenantPk(tenantId)}#DOCS`,
  documentSortKey: (issueDate: string, number: string): string => `${issueDate}#${number}`,
} as const;
