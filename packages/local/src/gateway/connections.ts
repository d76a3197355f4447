import type { WebSocket } from 'ws';

/** One live charger socket as the gateway sees it; what `GET @connections/{id}` reports. */
export interface GatewayConnection {
  readonly id: string;
  readonly socket: WebSocket;
  readonly connectedAt: Date;
  lastActiveAt: Date;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** The authorizer's context, handed to every later route like API Gateway does. */
  readonly authorizer: Record<string, unknown>;
  readonly headers: Record<string, string>;
  readonly queryStringParameters: Record<string, string>;
}

export type ConnectionRegistry = Map<string, GatewayConnection>;
