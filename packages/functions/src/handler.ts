import { randomUUID } from 'node:crypto';
import middy, { type MiddlewareObj } from '@middy/core';
import type { Context } from 'aws-lambda';
import { loadConfig } from './config.ts';
import { createDeps, type Deps } from './deps.ts';
import { Refusal } from './refusal.ts';

/**
 * One way to write a Lambda handler. A handler module declares its name, how to find the correlation id of an
 * event, and what to do with the event given the dependencies:
 *
 *   export const { create, handler } = defineHandler({ name: 'PriceSession', correlationId, handle });
 *
 * `create(deps)` is what the local runtime calls with the dependencies it built; `handler` is what Lambda
 * calls, building them from `process.env` once at cold start. Every invocation logs through a child logger
 * carrying the handler's name and the correlation id (middy middleware), and failures are logged once, here.
 */
export interface HandlerSpec<Event, Result> {
  readonly name: string;
  /** The id that ties this invocation's log lines to the frame, request or execution it serves. */
  readonly correlationId?: (event: Event) => string | undefined;
  readonly handle: (event: Event, deps: Deps, context: Context) => Promise<Result>;
}

export type LambdaHandler<Event, Result> = (event: Event, context: Context) => Promise<Result>;

export interface DefinedHandler<Event, Result> {
  readonly create: (deps: Deps) => LambdaHandler<Event, Result>;
  readonly handler: LambdaHandler<Event, Result>;
}

interface CorrelatedContext extends Context {
  deps: Deps;
}

function correlatedLogging<Event, Result>(
  deps: Deps,
  spec: HandlerSpec<Event, Result>,
): MiddlewareObj<Event, Result, Error, Context> {
  return {
    before: (request) => {
      const correlationId =
        spec.correlationId?.(request.event) ?? request.context.awsRequestId ?? randomUUID();
      (request.context as CorrelatedContext).deps = {
        ...deps,
        log: deps.log.child({ handler: spec.name, correlationId }),
      };
    },
    onError: (request) => {
      const log = (request.context as Partial<CorrelatedContext>).deps?.log ?? deps.log;
      if (request.error instanceof Refusal) {
        log.warn('Refused', { handler: spec.name, reason: request.error.reason, ...request.error.details });
        return;
      }
      log.error('Handler failed', { handler: spec.name, error: String(request.error) });
    },
  };
}

export function defineHandler<Event, Result>(
  spec: HandlerSpec<Event, Result>,
): DefinedHandler<Event, Result> {
  const create = (deps: Deps): LambdaHandler<Event, Result> =>
    middy<Event, Result, Error, Context>()
      .use(correlatedLogging(deps, spec))
      .handler((event, context) => spec.handle(event, (context as CorrelatedContext).deps, context));
  let created: LambdaHandler<Event, Result> | undefined;
  const handler: LambdaHandler<Event, Result> = (event, context) => {
    created ??= create(processDeps());
    return created(event, context);
  };
  return { create, handler };
}

let lambdaDeps: Deps | undefined;

/** On Lambda: the dependencies of this container, from its environment, built at the first invocation. */
function processDeps(): Deps {
  lambdaDeps ??= createDeps(loadConfig(process.env));
  return lambdaDeps;
}
