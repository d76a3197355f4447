import { randomBytes } from 'node:crypto';
import type { JsonValue } from './asl-definition.ts';
import { StepFunctionsError } from './service-errors.ts';
import { TaskFailedError, TaskHeartbeatTimeoutError } from './task-errors.ts';

/** Opaque like AWS task tokens; the fixed shape lets a garbled token be told apart from an unknown one. */
const TOKEN_PREFIX = 'AQ';
const TOKEN_SHAPE = /^AQ[A-Za-z0-9_-]{64}$/;

export interface TaskWait {
  readonly executionArn: string;
  readonly stateName: string;
  /** When the task times out (the library fails it then); the token closes at the same moment. */
  readonly timeoutMs: number | undefined;
  readonly heartbeatSeconds: number | undefined;
}

interface PendingTask extends TaskWait {
  readonly resolve: (output: JsonValue) => void;
  readonly reject: (error: Error) => void;
  timeoutTimer?: NodeJS.Timeout;
  heartbeatTimer?: NodeJS.Timeout;
}

/**
 * Tasks parked on `.waitForTaskToken`, by token, and what answers `SendTaskSuccess`/`SendTaskFailure`/
 * `SendTaskHeartbeat` give for them.
 */
export class TaskTokens {
  readonly #pending = new Map<string, PendingTask>();
  /**
   * Tokens whose task already ended: AWS answers those with `TaskTimedOut` rather than `TaskDoesNotExist`.
   * Kept for the life of the endpoint; a token is a few dozen bytes.
   */
  readonly #closed = new Set<string>();

  issue(): string {
    return TOKEN_PREFIX + randomBytes(48).toString('base64url');
  }

  /** Parks a task until its token is answered; settles with the task result or the task error. */
  wait(token: string, wait: TaskWait): Promise<JsonValue> {
    return new Promise<JsonValue>((resolve, reject) => {
      const task: PendingTask = { ...wait, resolve, reject };
      if (wait.timeoutMs !== undefined) {
        // Only close the token: the library's own TimeoutSeconds timer (armed just after this one, for the
        // same delay) fails the task with the `States.Timeout` error its Retry/Catch logic recognises.
        task.timeoutTimer = setTimeout(() => this.#close(token), wait.timeoutMs);
      }
      this.#pending.set(token, task);
      this.#armHeartbeat(token, task);
    });
  }

  succeed(token: string, output: JsonValue): void {
    this.#require(token);
    this.#close(token)?.resolve(output);
  }

  fail(token: string, error: string | undefined, cause: string | undefined): void {
    this.#require(token);
    this.#close(token)?.reject(new TaskFailedError(error ?? '', cause ?? ''));
  }

  heartbeat(token: string): void {
    this.#armHeartbeat(token, this.#require(token));
  }

  /** Fails a parked task from inside the endpoint (its handler threw); no-op when the task already ended. */
  abandon(token: string, error: Error): void {
    this.#close(token)?.reject(error);
  }

  /** Ends every task the execution still waits on, e.g. when it is stopped or finished by another branch. */
  abandonExecution(executionArn: string, error: Error): void {
    for (const [token, task] of this.#pending) {
      if (task.executionArn === executionArn) this.abandon(token, error);
    }
  }

  #armHeartbeat(token: string, task: PendingTask): void {
    const { heartbeatSeconds } = task;
    if (heartbeatSeconds === undefined) return;
    clearTimeout(task.heartbeatTimer);
    task.heartbeatTimer = setTimeout(
      () => this.abandon(token, new TaskHeartbeatTimeoutError(heartbeatSeconds)),
      heartbeatSeconds * 1000,
    );
  }

  #require(token: string): PendingTask {
    if (!TOKEN_SHAPE.test(token))
      throw new StepFunctionsError('InvalidToken', 'Invalid Token: Invalid token');
    const task = this.#pending.get(token);
    if (task) return task;
    if (this.#closed.has(token)) {
      throw new StepFunctionsError('TaskTimedOut', 'Task Timed Out: Provided task does not exist anymore');
    }
    throw new StepFunctionsError('TaskDoesNotExist', 'Task Does Not Exist: Provided task does not exist');
  }

  #close(token: string): PendingTask | undefined {
    const task = this.#pending.get(token);
    if (!task) return undefined;
    clearTimeout(task.timeoutTimer);
    clearTimeout(task.heartbeatTimer);
    this.#pending.delete(token);
    this.#closed.add(token);
    return task;
  }
}

/**
 * `$$.Task.Token` of one execution. The library has no per-task context: it resolves a state's Parameters
 * against one context object, then calls the state's local handler, with no `await` in between. So the context
 * exposes `Task.Token` as a getter that issues a token on first read, and the handler that runs next takes it;
 * a Retry re-reads the Parameters and so gets a fresh token, as on AWS.
 */
export class TaskTokenSlot {
  #token: string | undefined;

  constructor(private readonly issue: () => string) {}

  /** The `Task` member of the context object. */
  contextMember(): { readonly Token: string } {
    const slot = this;
    return {
      get Token(): string {
        slot.#token ??= slot.issue();
        return slot.#token;
      },
    };
  }

  /** The token the current task's Parameters saw, or a fresh one when they did not read it. */
  take(): string {
    const token = this.#token ?? this.issue();
    this.#token = undefined;
    return token;
  }

  /** Called by tasks that do not wait: a token their Parameters read must not leak to the next waiting task. */
  discard(): void {
    this.#token = undefined;
  }
}
