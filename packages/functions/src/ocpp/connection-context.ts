import { isOcppVersion, type OcppVersion } from '@csms/ocpp';

/**
 * Who is on the other end of a WebSocket connection. The authorizer decides it once at the handshake and API
 * Gateway hands its `context` to every later route of that connection, so `$default` needs no lookup.
 */
export interface ChargerConnection {
  readonly tenantId: string;
  readonly chargePointId: string;
  readonly ocppVersion: OcppVersion;
  readonly connectionId: string;
}

interface WebSocketRequestContext {
  readonly connectionId?: string;
  readonly authorizer?: Record<string, unknown> | null;
}

export function chargerConnection(requestContext: WebSocketRequestContext): ChargerConnection {
  const auth = requestContext.authorizer ?? {};
  const { tenantId, chargePointId, ocppVersion } = auth;
  const connectionId = requestContext.connectionId;
  if (typeof tenantId !== 'string' || typeof chargePointId !== 'string' || !connectionId) {
    throw new Error('WebSocket event lacks the authorizer context (tenantId, chargePointId) or connectionId');
  }
  if (typeof ocppVersion !== 'string' || !isOcppVersion(ocppVersion)) {
    throw new Error(`WebSocket event has no negotiated OCPP version (got ${String(ocppVersion)})`);
  }
  return { tenantId, chargePointId, ocppVersion, connectionId };
}
