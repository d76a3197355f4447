import { isLambdaFunctionArn, lambdaFunctionName } from './arns.ts';
import type { TaskStateView } from './asl-definition.ts';

/** A local stand-in for a Lambda function or service integration, Lambda-style: `async (event) => result`. */
export type TaskHandler = (payload: unknown) => Promise<unknown>;

/** How a Task state reaches its local handler. */
export type TaskBindingKind =
  /** `Resource` is a Lambda function ARN: the effective input is the event, the result is the task result. */
  | 'lambda-function'
  /** `arn:aws:states:::lambda:invoke`: `Parameters.FunctionName` picks the function, `Payload` is the event. */
  | 'lambda-invoke'
  /** Any other service integration with a handler registered under its resource ARN (gets the Parameters). */
  | 'integration';

export interface TaskBinding {
  readonly stateName: string;
  readonly kind: TaskBindingKind;
  /** The `Resource` without its `.waitForTaskToken` suffix. */
  readonly resource: string;
  readonly waitForTaskToken: boolean;
  /** When the task times out; undefined when `TimeoutSecondsPath` decides at run time. */
  readonly timeoutMs: number | undefined;
  readonly heartbeatSeconds: number | undefined;
}

const WAIT_FOR_TASK_TOKEN = '.waitForTaskToken';
const LAMBDA_INVOKE = /^arn:aws[a-z-]*:states:::lambda:invoke$/;

/** Local handlers by resource ARN; Lambda functions are also found by name, since `FunctionName` may be either. */
export class TaskHandlers {
  readonly #byArn: ReadonlyMap<string, TaskHandler>;
  readonly #byFunctionName: ReadonlyMap<string, TaskHandler>;

  constructor(handlers: Readonly<Record<string, TaskHandler>>) {
    this.#byArn = new Map(Object.entries(handlers));
    this.#byFunctionName = new Map(
      Object.entries(handlers)
        .filter(([arn]) => isLambdaFunctionArn(arn))
        .map(([arn, handler]) => [lambdaFunctionName(arn), handler]),
    );
  }

  forResource(arn: string): TaskHandler | undefined {
    return this.#byArn.get(arn);
  }

  forLambda(functionNameOrArn: string): TaskHandler | undefined {
    return (
      this.#byArn.get(functionNameOrArn) ?? this.#byFunctionName.get(lambdaFunctionName(functionNameOrArn))
    );
  }
}

/**
 * Decides, when a state machine is registered, how each Task state runs locally. Everything that cannot run is
 * rejected here rather than mid-execution: without a local handler the library would call the real AWS Lambda.
 */
export function bindTask(task: TaskStateView, handlers: TaskHandlers): TaskBinding {
  const fail = (reason: string): never => {
    throw new Error(`Task state "${task.name}" (${task.resource || 'no Resource'}): ${reason}`);
  };
  const waitForTaskToken = task.resource.endsWith(WAIT_FOR_TASK_TOKEN);
  const resource = waitForTaskToken ? task.resource.slice(0, -WAIT_FOR_TASK_TOKEN.length) : task.resource;
  if (/\.sync(:\d+)?$/.test(resource)) fail('the .sync integration pattern is not supported locally');

  let kind: TaskBindingKind;
  if (isLambdaFunctionArn(resource)) {
    if (waitForTaskToken) fail('a Lambda function ARN cannot wait for a task token (use lambda:invoke)');
    if (!handlers.forResource(resource)) fail('no local handler for this Lambda function');
    kind = 'lambda-function';
  } else if (LAMBDA_INVOKE.test(resource)) {
    const functionName = staticFunctionName(task.parameters);
    if (functionName !== undefined && !handlers.forLambda(functionName)) {
      fail(`no local handler for Lambda function ${functionName}`);
    }
    kind = 'lambda-invoke';
  } else if (handlers.forResource(resource)) {
    kind = 'integration';
  } else {
    return fail('no local handler for this resource');
  }

  return {
    stateName: task.name,
    kind,
    resource,
    waitForTaskToken,
    timeoutMs: task.timeoutSeconds === undefined ? undefined : task.timeoutSeconds * 1000,
    heartbeatSeconds: task.heartbeatSeconds,
  };
}

/** `Parameters.FunctionName` when fixed in the ASL (a `FunctionName.$` path is only known at run time). */
function staticFunctionName(parameters: unknown): string | undefined {
  if (typeof parameters !== 'object' || parameters === null) return undefined;
  const functionName: unknown = (parameters as Record<string, unknown>).FunctionName;
  return typeof functionName === 'string' ? functionName : undefined;
}
