import { Api as HttpApi, type StackContext, use } from 'sst/constructs';
import { connectToRuntime } from './lib/runtime.js';
import { Ocpp } from './Ocpp.js';

/**
 * The tenant-facing HTTP API. One catch-all route: the handler routes internally (and authenticates API keys
 * itself), which keeps route changes out of the infrastructure and gives one warm Lambda instead of many cold.
 */
export function Api({ stack }: StackContext) {
  const { runtime } = use(Ocpp);

  const api = new HttpApi(stack, 'HttpApi', {
    routes: { $default: 'packages/functions/src/http/api.handler' },
  });
  const handler = api.getFunction('$default');
  if (!handler) throw new Error('HTTP API: the $default route has no function');
  // Same environment and grants as the OCPP routes: the API sends commands to chargers and starts workflows.
  connectToRuntime(handler, runtime);

  stack.addOutputs({ HttpApiUrl: api.url });
  return { api };
}
