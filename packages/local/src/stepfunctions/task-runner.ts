import type { RunOptions } from 'aws-local-stepfunctions';
import type { JsonValue } from './asl-definition.ts';
import type { TaskBinding, TaskHandler, TaskHandlers } from './task-bindings.ts';
import { ExecutionStoppedError, lambdaFunctionError, TaskFailedError } from './task-errors.ts';
import type { TaskTokenSlot, TaskTokens } from './task-tokens.ts';

/** The library's `taskResourceLocalHandlers`: one function per Task state name. */
export type LocalTaskHandlers = NonNullable<
  NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']
>;

/** What the tasks of one execution share. */
export interface TaskRunContext {
  readonly executionArn: string;
  /** Aborted when the execution is stopped: no handler may start after that. */
  readonly signal: AbortSignal;
  readonly handlers: TaskHandlers;
  readonly tokens: TaskTokens;
  readonly tokenSlot: TaskTokenSlot;
}

/** The library's local handler for every Task state of one execution. */
export function localTaskHandlers(
  bindings: readonly TaskBinding[],
  context: TaskRunContext,
): LocalTaskHandlers {
  return Object.fromEntries(
    bindings.map((binding) => [binding.stateName, (input: JsonValue) => runTask(binding, input, context)]),
  );
}

/** Runs one Task state. `input` is the effective input (InputPath and Parameters already applied). */
async function runTask(binding: TaskBinding, input: JsonValue, context: TaskRunContext): Promise<JsonValue> {
  if (context.signal.aborted) throw new ExecutionStoppedError();
  if (!binding.waitForTaskToken) {
    context.tokenSlot.discard();
    const result = await invoke(binding, input, context.handlers);
    return binding.kind === 'lambda-invoke' ? lambdaInvokeResponse(result) : result;
  }

  const token = context.tokenSlot.take();
  const answer = context.tokens.wait(token, {
    executionArn: context.executionArn,
    stateName: binding.stateName,
    timeoutMs: binding.timeoutMs,
    heartbeatSeconds: binding.heartbeatSeconds,
  });
  // The callback pattern fires the handler and waits for the token, not for the handler's result; but a handler
  // that fails (e.g. Lambda could not be invoked) fails the task, as the synchronous invoke does on AWS.
  invoke(binding, input, context.handlers).catch((error: unknown) =>
    context.tokens.abandon(token, error instanceof Error ? error : new Error(String(error))),
  );
  return answer;
}

/** Calls the binding's handler with the event AWS would deliver; errors come out as Step Functions sees them. */
async function invoke(binding: TaskBinding, input: JsonValue, handlers: TaskHandlers): Promise<JsonValue> {
  const { handler, event } = resolveCall(binding, input, handlers);
  try {
    return toJson(await handler(event));
  } catch (error) {
    throw lambdaFunctionError(error);
  }
}

function resolveCall(
  binding: TaskBinding,
  input: JsonValue,
  handlers: TaskHandlers,
): { handler: TaskHandler; event: JsonValue } {
  if (binding.kind !== 'lambda-invoke') {
    const handler = handlers.forResource(binding.resource);
    if (!handler) throw new TaskFailedError('States.Runtime', `No local handler for ${binding.resource}`);
    return { handler, event: input };
  }
  const parameters = isJsonObject(input) ? input : {};
  const functionName = parameters.FunctionName;
  const handler = typeof functionName === 'string' ? handlers.forLambda(functionName) : undefined;
  if (!handler) {
    throw new TaskFailedError(
      'Lambda.ResourceNotFoundException',
      `Function not found: ${typeof functionName === 'string' ? functionName : '(no FunctionName)'}`,
    );
  }
  // Without a Payload parameter Lambda is invoked with an empty payload, which a Node function sees as `{}`.
  return { handler, event: parameters.Payload ?? {} };
}

/** The optimized Lambda integration's result: the invoke response with `Payload` already parsed. */
function lambdaInvokeResponse(payload: JsonValue): JsonValue {
  return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
}

/** Lambda serialises results to JSON: `undefined` becomes `null`, class instances become plain data. */
function toJson(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  return text === undefined ? null : (JSON.parse(text) as JsonValue);
}

function isJsonObject(value: JsonValue): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
