/**
 * OCPP versions this package speaks, spelled exactly as the WebSocket subprotocols the charger offers in
 * `Sec-WebSocket-Protocol`, so a negotiated subprotocol can be used as the version without translation.
 * Ordered oldest to newest; subprotocol negotiation relies on that order to prefer the newest.
 */
export const SUPPORTED_OCPP_VERSIONS = ['ocpp1.6', 'ocpp2.0.1'] as const;

export type OcppVersion = (typeof SUPPORTED_OCPP_VERSIONS)[number];

export function isOcppVersion(value: unknown): value is OcppVersion {
  return typeof value === 'string' && (SUPPORTED_OCPP_VERSIONS as readonly string[]).includes(value);
}
