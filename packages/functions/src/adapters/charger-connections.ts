import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { ChargerConnections, ConnectionInfo } from '@csms/app/deps';

export type { ConnectionInfo };

/**
 * Talking to chargers goes through the WebSocket API's `@connections` endpoint, the same on AWS and locally
 * (the local gateway serves it). A connection that no longer exists answers 410 Gone: `$disconnect` is
 * best-effort, so callers treat Gone as "not connected", never as a failure.
 */
export function createChargerConnections(settings: {
  endpoint: string | undefined;
  region?: string | undefined;
  credentials?: AwsCredentials | undefined;
}): ChargerConnections {
  let client: ApiGatewayManagementApiClient | undefined;
  const management = () => {
    if (!settings.endpoint) throw new Error('WS_MANAGEMENT_ENDPOINT is not set');
    client ??= new ApiGatewayManagementApiClient({
      endpoint: settings.endpoint,
      ...(settings.region ? { region: settings.region } : {}),
      ...(settings.credentials ? { credentials: settings.credentials } : {}),
      // Many concurrent sends share one process locally; harmless on Lambda.
      requestHandler: { httpAgent: { maxSockets: 512 }, httpsAgent: { maxSockets: 512 } },
    });
    return client;
  };
  return {
    async send(connectionId, frame) {
      try {
        await management().send(
          new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(frame) }),
        );
        return true;
      } catch (error) {
        if (error instanceof GoneException) return false;
        throw error;
      }
    },
    async describe(connectionId) {
      try {
        const out = await management().send(new GetConnectionCommand({ ConnectionId: connectionId }));
        return { connectedAt: out.ConnectedAt, lastActiveAt: out.LastActiveAt };
      } catch (error) {
        if (error instanceof GoneException) return undefined;
        throw error;
      }
    },
    async close(connectionId) {
      try {
        await management().send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
      } catch (error) {
        if (!(error instanceof GoneException)) throw error;
      }
    },
  };
}

export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

let client: ApiGatewayManagementApiClient | undefined;

function management(): ApiGatewayManagementApiClient {
  client ??= new ApiGatewayManagementApiClient({
    endpoint: process.env.WS_MANAGEMENT_ENDPOINT,
    // See packages/db/src/client.ts: many concurrent sends share one process locally.
    requestHandler: { httpAgent: { maxSockets: 512 }, httpsAgent: { maxSockets: 512 } },
  });
  return client;
}

/** Sends one text frame. Returns false when the connection is gone. */
export async function sendToConnection(connectionId: string, frame: string): Promise<boolean> {
  try {
    await management().send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(frame) }),
    );
    return true;
  } catch (error) {
    if (error instanceof GoneException) return false;
    throw error;
  }
}

/** The gateway tracks last activity for free, which is why Heartbeat needs no database write. */
export async function describeConnection(connectionId: string): Promise<ConnectionInfo | undefined> {
  try {
    const out = await management().send(new GetConnectionCommand({ ConnectionId: connectionId }));
    return { connectedAt: out.ConnectedAt, lastActiveAt: out.LastActiveAt };
  } catch (error) {
    if (error instanceof GoneException) return undefined;
    throw error;
  }
}

export async function closeConnection(connectionId: string): Promise<void> {
  try {
    await management().send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
  } catch (error) {
    if (!(error instanceof GoneException)) throw error;
  }
}

/**
 * Is a charger online? Its connection must still exist at the gateway, and it must have said something within
 * twice its heartbeat interval: a charger whose TCP connection lingers but which stopped talking is offline.
 * This costs no write per heartbeat: the gateway tracks `lastActiveAt` for free.
 */
export async function chargerLiveness(
  connectionId: string | undefined,
  heartbeatIntervalSeconds: number,
  now: Date = new Date(),
): Promise<{ readonly connected: boolean; readonly lastActiveAt?: Date }> {
  if (!connectionId) return { connected: false };
  const live = await describeConnection(connectionId);
  if (!live) return { connected: false };
  const lastActiveAt = live.lastActiveAt ?? live.connectedAt;
  const silentMs = lastActiveAt ? now.getTime() - lastActiveAt.getTime() : 0;
  return {
    connected: silentMs <= 2 * heartbeatIntervalSeconds * 1000,
    ...(lastActiveAt ? { lastActiveAt } : {}),
  };
}
