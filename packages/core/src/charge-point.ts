import * as z from 'zod';

/**
 * A charger's identity as it appears in the OCPP URL and as the HTTP Basic user name. OCPP 2.0.1 (security
 * profile) limits it to 48 characters of URL-unreserved characters; `:` is excluded since Basic auth splits
 * on it. Identities are unique per tenant only: two tenants may both have `CP-1`.
 */
export const chargePointIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._~-]{1,48}$/, '1–48 characters of A–Z, a–z, 0–9, ".", "_", "~", "-"');

/** Status of one connector as last reported by the charger (OCPP StatusNotification), version-neutral. */
export interface ConnectorStatus {
  readonly connectorId: number;
  /** OCPP 2.0.1 only: the connector's number within its EVSE (`connectorId` then holds the EVSE id). */
  readonly evseConnectorId?: number;
  readonly status: string;
  readonly errorCode?: string;
  readonly updatedAt: string;
  /**
   * OCPP 2.0.1 only: every connector of the EVSE by its number within the EVSE, each as last reported. The
   * EVSE's own `status` is then derived from them (`deriveEvseStatus`), so sessions, commands and pricing keep
   * working per EVSE.
   */
  readonly connectors?: Readonly<Record<string, EvseConnectorStatus>>;
}

/** One connector of a 2.0.1 EVSE, as its last StatusNotification reported it. */
export interface EvseConnectorStatus {
  readonly status: string;
  /** The charger's time of the report: it orders the reports of this connector. */
  readonly updatedAt: string;
}

/**
 * The status of an EVSE from those of its connectors. One car plugged into any cable takes the whole EVSE
 * (it has one power path), so Occupied wins; a reservation holds the EVSE; one usable cable makes it
 * Available; with no usable cable it is Unavailable (taken out of service) when any connector is, else
 * Faulted. An EVSE with no connector reported is Unknown.
 */
const EVSE_STATUS_PRECEDENCE = ['Occupied', 'Reserved', 'Available', 'Unavailable', 'Faulted'] as const;

export function deriveEvseStatus(statuses: readonly string[]): string {
  if (statuses.length === 0) return 'Unknown';
  return EVSE_STATUS_PRECEDENCE.find((status) => statuses.includes(status)) ?? statuses[0] ?? 'Unknown';
}

/**
 * Applies one 2.0.1 connector report to its EVSE record. Each connector is ordered by its own charger
 * timestamp, so a report older than the one kept for that connector changes nothing (undefined is returned).
 */
export function applyEvseConnectorReport(
  current: ConnectorStatus | undefined,
  evseId: number,
  evseConnectorId: number,
  report: EvseConnectorStatus,
): ConnectorStatus | undefined {
  const key = String(evseConnectorId);
  const known = current ? knownEvseConnectors(current) : {};
  const kept = known[key];
  if (kept && kept.updatedAt > report.updatedAt) return undefined;
  const connectors = { ...known, [key]: { status: report.status, updatedAt: report.updatedAt } };
  const updatedAt = Object.values(connectors)
    .map((connector) => connector.updatedAt)
    .reduce((latest, at) => (at > latest ? at : latest));
  return {
    connectorId: evseId,
    status: deriveEvseStatus(Object.values(connectors).map((connector) => connector.status)),
    updatedAt,
    connectors,
  };
}

/** A record written before the per-connector map held one connector, named by `evseConnectorId`: keep it. */
function knownEvseConnectors(record: ConnectorStatus): Readonly<Record<string, EvseConnectorStatus>> {
  if (record.connectors) return record.connectors;
  if (record.evseConnectorId === undefined) return {};
  return { [String(record.evseConnectorId)]: { status: record.status, updatedAt: record.updatedAt } };
}

export interface BootInfo {
  readonly vendor: string;
  readonly model: string;
  readonly serialNumber?: string;
  readonly firmwareVersion?: string;
}

/**
 * The heartbeat interval we hand out at boot. API Gateway closes a WebSocket after 10 minutes without traffic,
 * so chargers must talk more often than that; 5 minutes leaves room for a missed beat.
 */
export const DEFAULT_HEARTBEAT_INTERVAL_SECONDS = 300;

// --- Management: what the operator configures about a charge point (S1) ---

export const connectorTypes = ['CCS', 'CHAdeMO', 'Type2', 'Type1', 'Schuko'] as const;
export type ConnectorType = (typeof connectorTypes)[number];
export const currentTypes = ['AC', 'DC'] as const;

/**
 * Plugs that only ever carry one kind of current. CCS here is the combo plug, which charges DC (the same
 * vehicle inlet takes AC through a Type 1/Type 2 plug); Type 2 exists for both.
 */
const onlyCurrentOf: Partial<Record<ConnectorType, (typeof currentTypes)[number]>> = {
  CCS: 'DC',
  CHAdeMO: 'DC',
  Type1: 'AC',
  Schuko: 'AC',
};

export const connectorConfigSchema = z.strictObject({
  connectorId: z
    .number()
    .int()
    .min(1)
    .max(99)
    .describe('OCPP connector id (1.6) or EVSE id (2.0.1); 0 is the charge point itself, not a connector'),
  type: z.enum(connectorTypes),
  current: z.enum(currentTypes),
  maxKw: z.number().positive().max(1000).describe('Maximum power in kW'),
});
export type ConnectorConfig = z.infer<typeof connectorConfigSchema>;

export const connectorsConfigSchema = z
  .array(connectorConfigSchema)
  .max(99)
  .superRefine((connectors, ctx) => {
    connectors.forEach((connector, i) => {
      if (connectors.findIndex((other) => other.connectorId === connector.connectorId) < i) {
        ctx.addIssue({ code: 'custom', path: [i, 'connectorId'], message: 'Duplicate connectorId' });
      }
      const only = onlyCurrentOf[connector.type];
      if (only && connector.current !== only) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'current'],
          message: `A ${connector.type} connector is ${only}`,
        });
      }
    });
  });

/** Which OCPP version the operator expects the charger to speak; informational, the handshake decides. */
export const ocppVersionPreferenceSchema = z.enum(['ocpp1.6', 'ocpp2.0.1']);

export const chargePointNameSchema = z.string().trim().min(1).max(200);

/** `{id}` alone stays a valid registration; everything else can be configured now or later. */
export const chargePointRegistrationSchema = z.strictObject({
  id: chargePointIdSchema,
  name: chargePointNameSchema.optional(),
  siteId: z.string().optional().describe('A site of the tenant'),
  ocppVersion: ocppVersionPreferenceSchema.optional().describe('Expected OCPP version (informational)'),
  connectors: connectorsConfigSchema.optional(),
});
export type ChargePointRegistration = z.output<typeof chargePointRegistrationSchema>;

/**
 * What BootNotification answers (OCPP RegistrationStatus, the same three values in 1.6 and 2.0.1): `Accepted`
 * unless the operator holds the charger back, e.g. to configure it first (`Pending`) or to keep it off the
 * network (`Rejected`).
 */
export const bootAcceptances = ['Accepted', 'Pending', 'Rejected'] as const;
export type BootAcceptance = (typeof bootAcceptances)[number];
export const bootAcceptanceSchema = z.enum(bootAcceptances);

/**
 * The `interval` a Pending or Rejected answer carries: how long the charger waits before it boots again. A
 * Pending charger comes back within a minute of being accepted even when it could not be told at once; a
 * rejected one is not worth hearing from more often than every five minutes.
 */
export const BOOT_RETRY_INTERVAL_SECONDS: Readonly<Record<Exclude<BootAcceptance, 'Accepted'>, number>> = {
  Pending: 60,
  Rejected: 300,
};

/**
 * OCPP security profile the authorizer enforces for a charger: 1 = ws + Basic, 2 = TLS + Basic, 3 = TLS with a
 * client certificate from the tenant's CA. On AWS the endpoint is wss only, so 1 and 2 are checked alike and 2 is
 * the default; 3 needs a TLS front that verifies client certificates (docs/ocpp201.md, "Security profiles").
 */
export const securityProfiles = [1, 2, 3] as const;
export type SecurityProfile = (typeof securityProfiles)[number];
export const DEFAULT_SECURITY_PROFILE: SecurityProfile = 2;
export const securityProfileSchema = z.union([z.literal(1), z.literal(2), z.literal(3)]);

/** A PATCH: any subset; `connectors` is replaced whole; `null` clears `name` or `siteId`. */
export const chargePointPatchSchema = z.strictObject({
  name: chargePointNameSchema.nullable().optional(),
  siteId: z.string().nullable().optional(),
  connectors: connectorsConfigSchema.optional(),
  maintenance: z.boolean().optional().describe('true: out of service; its connectors show as Unavailable'),
  bootAcceptance: bootAcceptanceSchema
    .optional()
    .describe('What the next BootNotification is answered (default Accepted)'),
  securityProfile: securityProfileSchema
    .optional()
    .describe(
      'OCPP security profile enforced at the handshake: 1/2 Basic auth, 3 client certificate (default 2)',
    ),
});

/**
 * An operator-chosen Basic-auth password, for a charger that arrives with one configured. OCPP 2.0.1 allows
 * 16–40 characters for BasicAuthPassword; the OCPP 1.6 security whitepaper 16–20 bytes for AuthorizationKey,
 * which the use case checks once it knows the charger's version. Printable ASCII without spaces: it travels
 * in an HTTP header, and 1.6 counts its length in bytes.
 */
export const CHARGER_PASSWORD_LENGTH = { min: 16, max: 40, maxOcpp16: 20 } as const;
export const chargerPasswordSchema = z
  .string()
  .min(CHARGER_PASSWORD_LENGTH.min, `At least ${CHARGER_PASSWORD_LENGTH.min} characters (OCPP)`)
  .max(CHARGER_PASSWORD_LENGTH.max, `At most ${CHARGER_PASSWORD_LENGTH.max} characters (OCPP)`)
  .regex(/^[\x21-\x7e]+$/, 'Printable ASCII characters only, no spaces');
export type ChargePointPatch = z.output<typeof chargePointPatchSchema>;

// --- Live availability as the API shows it ---

/** Connector statuses of OCPP 1.6 and 2.0.1, and `Unknown` for a configured connector never reported. */
export const connectorStatuses = [
  'Available',
  'Preparing',
  'Charging',
  'SuspendedEVSE',
  'SuspendedEV',
  'Finishing',
  'Occupied',
  'Reserved',
  'Unavailable',
  'Faulted',
  'Unknown',
] as const;
export type ApiConnectorStatus = (typeof connectorStatuses)[number];

export interface ConnectorView {
  readonly connectorId: number;
  readonly evseConnectorId?: number;
  readonly type?: ConnectorType;
  readonly current?: (typeof currentTypes)[number];
  readonly maxKw?: number;
  /** What a driver can expect: the charger's report, overridden by maintenance. */
  readonly status: string;
  /** The charger's own last report, shown only when maintenance overrides `status`. */
  readonly reportedStatus?: string;
  readonly errorCode?: string;
  /** When the charger last reported; absent for a configured connector it never reported. */
  readonly updatedAt?: string;
  /** OCPP 2.0.1: the connectors of this EVSE (`status` above is derived from them), by connector number. */
  readonly connectors?: EvseConnectorView[];
}

export interface EvseConnectorView {
  readonly connectorId: number;
  readonly status: string;
  readonly reportedStatus?: string;
  readonly updatedAt: string;
}

/**
 * Merges what the operator configured with what the charger reports, by connector id. A charger may report
 * connectors nobody configured (and connector 0, itself): they are shown too. Maintenance makes every
 * connector Unavailable (S1), whatever the charger says.
 */
export function connectorViews(
  configured: readonly ConnectorConfig[],
  reported: readonly ConnectorStatus[],
  maintenance: boolean,
): ConnectorView[] {
  const ids = [...new Set([...configured, ...reported].map((c) => c.connectorId))].sort((a, b) => a - b);
  return ids.map((connectorId) => {
    const config = configured.find((c) => c.connectorId === connectorId);
    const report = reported.find((r) => r.connectorId === connectorId);
    return {
      connectorId,
      ...(report?.evseConnectorId !== undefined ? { evseConnectorId: report.evseConnectorId } : {}),
      ...(config ? { type: config.type, current: config.current, maxKw: config.maxKw } : {}),
      status: maintenance ? 'Unavailable' : (report?.status ?? 'Unknown'),
      ...(maintenance && report ? { reportedStatus: report.status } : {}),
      ...(report?.errorCode !== undefined ? { errorCode: report.errorCode } : {}),
      ...(report ? { updatedAt: report.updatedAt } : {}),
      ...(report?.connectors ? { connectors: evseConnectorViews(report.connectors, maintenance) } : {}),
    };
  });
}

function evseConnectorViews(
  connectors: Readonly<Record<string, EvseConnectorStatus>>,
  maintenance: boolean,
): EvseConnectorView[] {
  return Object.entries(connectors)
    .map(([id, connector]) => ({
      connectorId: Number(id),
      status: maintenance ? 'Unavailable' : connector.status,
      ...(maintenance ? { reportedStatus: connector.status } : {}),
      updatedAt: connector.updatedAt,
    }))
    .sort((a, b) => a.connectorId - b.connectorId);
}

/**
 * The statuses a charge point matches in a `status` filter: those of its connectors. One without any
 * connector is `Unknown`, or `Unavailable` under maintenance, so every charge point answers some status.
 */
export function effectiveStatuses(connectors: readonly ConnectorView[], maintenance: boolean): Set<string> {
  if (connectors.length > 0) return new Set(connectors.map((c) => c.status));
  return new Set([maintenance ? 'Unavailable' : 'Unknown']);
}
