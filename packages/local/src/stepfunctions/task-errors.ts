/**
 * Errors raised inside a running execution. aws-local-stepfunctions matches `Retry`/`Catch` `ErrorEquals` against
 * `error.name` and writes `{ Error: name, Cause: message }` for a `Catch`, so these classes carry the ASL error
 * name in `name` and the cause in `message`.
 */
export class TaskFailedError extends Error {
  constructor(errorName: string, cause: string) {
    super(cause);
    this.name = errorName;
  }
}

/**
 * A task that missed its heartbeat. AWS reports `States.Timeout` (and `States.HeartbeatTimeout`, which this
 * endpoint cannot express as a second name); `TimeoutSeconds` itself is enforced by the library.
 */
export class TaskHeartbeatTimeoutError extends TaskFailedError {
  constructor(heartbeatSeconds: number) {
    super('States.Timeout', `No heartbeat within ${heartbeatSeconds} seconds`);
  }
}

/**
 * Ends a task of an execution that was stopped (or of an endpoint that is closing). The library reads these two
 * flags before applying `Retry` and `Catch`: a stopped execution must not retry a task or take a `Catch` path.
 */
export class ExecutionStoppedError extends Error {
  override readonly name = 'States.Runtime';
  readonly isRetryable = false;
  readonly isCatchable = false;

  constructor() {
    super('The execution was stopped');
  }
}

/**
 * How a Lambda function's error reaches Step Functions: the error name is the function's `errorType` (Node's
 * runtime takes `error.name`) and the cause is the JSON error document the runtime reports.
 */
export function lambdaFunctionError(thrown: unknown): TaskFailedError {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const errorType = error.name || 'Error';
  const cause = JSON.stringify({
    errorType,
    errorMessage: error.message,
    trace: error.stack?.split('\n') ?? [],
  });
  return new TaskFailedError(errorType, cause);
}
