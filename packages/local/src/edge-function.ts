import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { runInNewContext } from 'node:vm';

/**
 * Loads the CloudFront Function source that the stack deploys and runs it the way CloudFront does: a script
 * (not a module) defining `handler(event)`. Running the very same file locally keeps the path rewrite honest.
 */
export interface CloudFrontRequest {
  method: string;
  uri: string;
  querystring: Record<string, { value: string }>;
  headers: Record<string, { value: string }>;
}
export type CloudFrontResult = CloudFrontRequest | { statusCode: number; statusDescription?: string };

export function loadViewerRequestFunction(): (request: CloudFrontRequest) => CloudFrontResult {
  const require = createRequire(import.meta.url);
  const path = require.resolve('@csms/functions/edge/ocpp-path-rewrite.js');
  const source = readFileSync(path, 'utf8');
  const sandbox: { handler?: (event: { request: CloudFrontRequest }) => CloudFrontResult } = {};
  runInNewContext(`${source}\nthis.handler = handler;`, sandbox, { filename: path });
  const handler = sandbox.handler;
  if (!handler) throw new Error(`${path} defines no handler`);
  return (request) => handler({ request });
}
