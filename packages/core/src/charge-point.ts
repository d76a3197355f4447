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
