import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ArnScope } from './arns.ts';
import { Executions } from './executions.ts';
import { readApiRequest, sendError, sendResult } from './json-protocol.ts';
import { operations, type Services } from './operations.ts';
import { StepFunctionsError } from './service-errors.ts';
import { type LocalStateMachine, StateMachineRegistry } from './state-machines.ts';
import { TaskTokens } from './task-tokens.ts';

export interface StepFunctionsEndpointOptions {
  /** Interface to bind; loopback by default, since nothing here is authenticated. */
  readonly host?: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  readonly region?: string;
  readonly accountId?: string;
  readonly stateMachines: readonly LocalStateMachine[];
}

export interface StepFunctionsEndpoint {
  /** Base URL for an SDK client's `endpoint`, e.g. `http://127.0.0.1:43127`. */
  readonly url: string;
  /** ARN of a served state machine, by name; throws for an unknown name. */
  stateMachineArn(name: string): string;
  /** Stops all running executions and the HTTP server. */
  close(): Promise<void>;
}

/**
 * A local Step Functions endpoint: serves the given state machines over the AWS JSON 1.0 protocol, so the app and
 * tests use the real `@aws-sdk/client-sfn` against it. State machines are validated and bound to their local task
 * handlers before it listens, so a missing handler fails at startup rather than mid-execution.
 */
export async function startStepFunctionsEndpoint(
  options: StepFunctionsEndpointOptions,
): Promise<StepFunctionsEndpoint> {
  const scope: ArnScope = {
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '000000000000',
  };
  const tokens = new TaskTokens();
  const services: Services = {
    scope,
    stateMachines: new StateMachineRegistry(options.stateMachines, scope),
    executions: new Executions(scope, tokens),
    tokens,
  };

  const server = createServer((request, response) => {
    void handle(request, response, services);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    stateMachineArn: (name) => services.stateMachines.arnOf(name),
    close: async () => {
      services.executions.stopAll();
      // SDK clients keep connections alive; without this, close() would wait for their idle timeout.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

async function handle(request: IncomingMessage, response: ServerResponse, services: Services): Promise<void> {
  try {
    const { operation, body } = await readApiRequest(request);
    const run = Object.hasOwn(operations, operation) ? operations[operation] : undefined;
    if (!run)
      throw new StepFunctionsError('UnknownOperationException', `Operation not supported: ${operation}`);
    sendResult(response, run(body, services));
  } catch (error) {
    if (error instanceof StepFunctionsError) {
      sendError(response, error);
    } else {
      console.error('[stepfunctions] internal error', error);
      sendError(response, new StepFunctionsError('InternalFailure', 'Internal error of the local endpoint'));
    }
  }
}
