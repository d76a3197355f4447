import './promise-with-resolvers.ts';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError } from 'aws-local-stepfunctions';
import { type ArnScope, executionArn, executionRoleArn } from './arns.ts';
import type { JsonValue } from './asl-definition.ts';
import { StepFunctionsError } from './service-errors.ts';
import type { RegisteredStateMachine } from './state-machines.ts';
import { ExecutionStoppedError } from './task-errors.ts';
import { localTaskHandlers } from './task-runner.ts';
import { TaskTokenSlot, type TaskTokens } from './task-tokens.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** What DescribeExecution reports. */
export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  /** The input as given (a JSON document). */
  readonly input: string;
  readonly startDate: Date;
  status: ExecutionStatus;
  stopDate?: Date;
  output?: string;
  error?: string;
  cause?: string;
}

interface Execution {
  readonly record: ExecutionRecord;
  /** Stops the library's run and every task still in flight. */
  readonly stop: () => void;
}

type Outcome = Pick<ExecutionRecord, 'status' | 'output' | 'error' | 'cause'>;

/** Executions of all state machines, started on aws-local-stepfunctions and kept in memory. */
export class Executions {
  readonly #byArn = new Map<string, Execution>();

  constructor(
    private readonly scope: ArnScope,
    private readonly tokens: TaskTokens,
  ) {}

  /**
   * Starts an execution, or returns the running one with the same name and input (Standard workflow
   * idempotency); any other reuse of a name is `ExecutionAlreadyExists`, as on AWS.
   */
  start(
    machine: RegisteredStateMachine,
    name: string,
    input: string,
    parsedInput: JsonValue,
  ): ExecutionRecord {
    const arn = executionArn(this.scope, machine.name, name);
    const existing = this.#byArn.get(arn)?.record;
    if (existing) {
      if (existing.status === 'RUNNING' && existing.input === input) return existing;
      throw new StepFunctionsError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }

    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: machine.arn,
      name,
      input,
      startDate: new Date(),
      status: 'RUNNING',
    };
    const stopped = new AbortController();
    const tokenSlot = new TaskTokenSlot(() => this.tokens.issue());
    const run = machine.runtime.run(parsedInput, {
      overrides: {
        taskResourceLocalHandlers: localTaskHandlers(machine.bindings, {
          executionArn: arn,
          signal: stopped.signal,
          handlers: machine.handlers,
          tokens: this.tokens,
          tokenSlot,
        }),
        waitTimeOverrides: { ...machine.source.waitTimeOverrides },
        retryIntervalOverrides: { ...machine.source.retryIntervalOverrides },
      },
      context: {
        Execution: {
          Id: arn,
          Name: name,
          RoleArn: executionRoleArn(this.scope),
          StartTime: record.startDate.toISOString(),
        },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: tokenSlot.contextMember(),
      },
    });
    this.#byArn.set(arn, {
      record,
      stop: () => {
        stopped.abort();
        run.abort();
        this.tokens.abandonExecution(arn, new ExecutionStoppedError());
      },
    });
    run.result.then(
      (output) => this.#finish(record, { status: 'SUCCEEDED', output: JSON.stringify(output) }),
      (error: unknown) => this.#finish(record, outcomeOfFailure(error)),
    );
    return record;
  }

  get(arn: string): ExecutionRecord | undefined {
    return this.#byArn.get(arn)?.record;
  }

  /** Executions of one state machine, newest first (ListExecutions order). */
  list(stateMachineArn: string): ExecutionRecord[] {
    return [...this.#byArn.values()]
      .map(({ record }) => record)
      .filter((record) => record.stateMachineArn === stateMachineArn)
      .reverse();
  }

  /** StopExecution: ABORTED with the caller's error and cause; an execution that already ended stays as it is. */
  stop(arn: string, error: string | undefined, cause: string | undefined): ExecutionRecord | undefined {
    const execution = this.#byArn.get(arn);
    if (!execution) return undefined;
    if (execution.record.status === 'RUNNING') {
      execution.stop();
      this.#finish(execution.record, { status: 'ABORTED', error, cause });
    }
    return execution.record;
  }

  /** Stops every running execution, so no timer or parked task outlives the endpoint. */
  stopAll(): void {
    for (const { record } of this.#byArn.values())
      this.stop(record.executionArn, undefined, 'Endpoint closed');
  }

  #finish(record: ExecutionRecord, outcome: Outcome): void {
    // The first outcome wins: after StopExecution the library still rejects the run (aborted), to be ignored.
    if (record.status !== 'RUNNING') return;
    Object.assign(record, outcome, { stopDate: new Date() });
    // A failed Parallel branch can leave sibling tasks parked on tokens: end them with the execution.
    this.tokens.abandonExecution(record.executionArn, new ExecutionStoppedError());
  }
}

function outcomeOfFailure(error: unknown): Outcome {
  if (error instanceof ExecutionTimeoutError) {
    return {
      status: 'TIMED_OUT',
      error: 'States.Timeout',
      cause: 'The execution ran longer than its TimeoutSeconds',
    };
  }
  if (error instanceof ExecutionAbortedError) return { status: 'ABORTED' };
  // ExecutionError wraps the state's error: its name is the ASL error, its message the cause.
  const cause = error instanceof ExecutionError ? error.cause : error;
  if (cause instanceof Error) return { status: 'FAILED', error: cause.name, cause: cause.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(cause) };
}
