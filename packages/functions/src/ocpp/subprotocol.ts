import { type OcppVersion, SUPPORTED_OCPP_VERSIONS } from '@csms/ocpp';

/**
 * Picks the OCPP version for a connection from the charger's `Sec-WebSocket-Protocol` offer. The newest
 * version we support wins when several are offered. Both the authorizer and `$connect` call this, so the
 * version the authorizer puts in the connection's context is the one `$connect` answers with.
 */
export function negotiateSubprotocol(offered: string | undefined): OcppVersion | undefined {
  if (!offered) return undefined;
  // Exact match: the server must echo one of the offered tokens verbatim (RFC 6455), so no case folding.
  const offers = new Set(offered.split(',').map((p) => p.trim()));
  return [...SUPPORTED_OCPP_VERSIONS].reverse().find((version) => offers.has(version));
}
