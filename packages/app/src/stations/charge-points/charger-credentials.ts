import type { Deps } from '../../deps.ts';

/** What a charger is configured with: its Basic-auth password (shown once, stored hashed) and the OCPP URL. */
export interface ChargerCredentials {
  readonly id: string;
  readonly password: string;
  readonly ocppUrl: string;
}

/** The URL a charger connects to: the public OCPP base URL, the tenant and the (encoded) identity. */
export const ocppUrlOf = (
  settings: Pick<Deps['settings'], 'ocppPublicUrl'>,
  tenantId: string,
  chargePointId: string,
): string => `${settings.ocppPublicUrl ?? ''}/${tenantId}/${encodeURIComponent(chargePointId)}`;
