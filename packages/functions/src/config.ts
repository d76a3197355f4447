/**
 * Environment the handlers need. SST sets these on AWS; the local runtime sets them before the first
 * invocation. Read lazily so a missing variable fails the call that needs it, with a message saying which.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export const config = {
  /** Public OCPP base URL chargers use, e.g. `wss://d123.cloudfront.net/ocpp` or `ws://127.0.0.1:9000/ocpp`. */
  ocppPublicUrl: (): string => required('OCPP_PUBLIC_URL'),
  /** The WebSocket API's `@connections` management endpoint. */
  wsManagementEndpoint: (): string => required('WS_MANAGEMENT_ENDPOINT'),
  /** Secret header CloudFront adds on the way to the WebSocket API, so the raw API URL is useless alone. */
  ocppOriginSecret: (): string => required('OCPP_ORIGIN_SECRET'),
};

export const ORIGIN_SECRET_HEADER = 'x-csms-origin-secret';
