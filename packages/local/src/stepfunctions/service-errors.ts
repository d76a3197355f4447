/** Error shapes of the Step Functions API that this endpoint answers with (the `__type` the AWS SDK maps). */
export type StepFunctionsErrorType =
  | 'ExecutionAlreadyExists'
  | 'ExecutionDoesNotExist'
  | 'InvalidArn'
  | 'InvalidExecutionInput'
  | 'InvalidName'
  | 'InvalidOutput'
  | 'InvalidToken'
  | 'StateMachineDoesNotExist'
  | 'TaskDoesNotExist'
  | 'TaskTimedOut'
  | 'ValidationException'
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'InternalFailure';

/** An API call rejected the way AWS rejects it; the HTTP layer turns it into `{ __type, message }`. */
export class StepFunctionsError extends Error {
  constructor(
    readonly type: StepFunctionsErrorType,
    message: string,
    /** 400 for client errors, as AWS; only `InternalFailure` is a 500 (which the SDK retries). */
    readonly statusCode = type === 'InternalFailure' ? 500 : 400,
  ) {
    super(message);
    this.name = type;
  }
}
