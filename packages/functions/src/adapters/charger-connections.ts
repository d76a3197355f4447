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
