import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidArn,
  InvalidExecutionInput,
  InvalidToken,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StateMachineDoesNotExist,
  StopExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { workflows } from '@csms/functions/workflows/catalog';
import { sessionLifecycleInputSchema } from '@csms/functions/workflows/tasks/session-lifecycle-contract';
import { parseTaskPayload } from '@csms/functions/workflows/tasks/task-payload';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  loadWorkflow,
  localTaskArn,
  type StepFunctionsEndpoint,
  startStepFunctionsEndpoint,
} from '../src/stepfunctions/index.ts';

/** The session-lifecycle workflow from the catalog, run on the local endpoint through the real SFN client. */

let endpoint: StepFunctionsEndpoint;
let sfn: SFNClient;
/** Task tokens handed to AwaitSessionEnd, by session id. */
const tokensBySession = new Map<string, string>();

/**
 * The real ASL with in-memory tasks: this suite is about the state machine and the endpoint (waits, tokens,
 * timeouts, retries, catches). The real tasks run against the whole local stack in the end-to-end suites.
 */
function fakeTasks(lifecycle: Awaited<ReturnType<typeof loadWorkflow>>) {
  const fakes: Record<string, (payload: unknown) => Promise<unknown>> = {
    ReserveFunds: async (payload) => {
      parseTaskPayload(sessionLifecycleInputSchema, payload);
      return { means: 'card', status: 'held' };
    },
    AwaitSessionEnd: async (payload) => {
      const { sessionId, taskToken } = payload as { sessionId: string; taskToken: string };
      tokensBySession.set(sessionId, taskToken);
      return { sessionId, awaiting: true };
    },
    CheckSession: async () => ({ state: 'unreachable', detail: 'charger did not answer' }),
    PriceSession: async () => ({
      currency: 'EUR',
      totalNet: 800,
      totalVat: 160,
      totalGross: 960,
      priced: true,
    }),
    SettleSession: async () => ({ status: 'settled', debt: 0 }),
    IssueDocument: async () => ({ documentId: 'doc-1', number: 'R-2025-000001' }),
    EmitSessionEvent: async () => ({ emitted: true }),
    FlagNeedsReview: async (payload) => {
      const input = parseTaskPayload(sessionLifecycleInputSchema, payload);
      return { outcome: 'NeedsReview', reason: 'charger did not answer', sessionId: input.sessionId };
    },
  };
  expect(Object.keys(fakes).sort()).toEqual(Object.keys(workflows.sessionLifecycle.tasks).sort());
  return Object.fromEntries(
    Object.keys(lifecycle.taskHandlers).map((arn) => {
      const task = arn.slice(arn.lastIndexOf(':') + 1);
      return [arn, fakes[task]!];
    }),
  );
}

beforeAll(async () => {
  const lifecycle = await loadWorkflow('sessionLifecycle');
  const taskHandlers = fakeTasks(lifecycle);
  endpoint = await startStepFunctionsEndpoint({
    stateMachines: [
      { ...lifecycle, taskHandlers },
      // The same ASL with the 24 h wait cut to 300 ms, to reach the check and review path.
      {
        ...lifecycle,
        name: 'sessionLifecycleShortWait',
        taskHandlers,
        taskTimeoutOverrides: { AwaitSessionEnd: 300 },
      },
    ],
  });
  sfn = new SFNClient({
    endpoint: endpoint.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sfn?.destroy();
  await endpoint?.close();
});

let sessionCounter = 0;
const newSession = () => ({
  tenantId: 'tenant-1',
  chargePointId: 'CP-1',
  sessionId: `session-${++sessionCounter}`,
  startedAt: '2025-01-01T10:00:00.000Z',
});

const start = async (input: object, name?: string, machine = 'sessionLifecycle') => {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: endpoint.stateMachineArn(machine),
      name,
      input: JSON.stringify(input),
    }),
  );
  return executionArn!;
};

const describeExecution = (executionArn: string) => sfn.send(new DescribeExecutionCommand({ executionArn }));

/** The execution once it left RUNNING. */
const settled = (executionArn: string): Promise<DescribeExecutionCommandOutput> =>
  vi.waitFor(async () => {
    const execution = await describeExecution(executionArn);
    if (execution.status === 'RUNNING') throw new Error('still running');
    return execution;
  });

/** The token of the session's AwaitSessionEnd task, once the execution is parked on it. */
const tokenOf = (sessionId: string): Promise<string> =>
  vi.waitFor(() => {
    const token = tokensBySession.get(sessionId);
    if (!token) throw new Error(`no token yet for ${sessionId}`);
    return token;
  });

describe('session lifecycle on the local Step Functions endpoint', () => {
  it('waits for the session end, then records it on SendTaskSuccess', async () => {
    const session = newSession();
    const executionArn = await start(session);
    const taskToken = await tokenOf(session.sessionId);

    const running = await describeExecution(executionArn);
    expect(running.status).toBe('RUNNING');
    expect(running.stateMachineArn).toBe(endpoint.stateMachineArn('sessionLifecycle'));
    expect(running.startDate).toBeInstanceOf(Date);
    expect(running.stopDate).toBeUndefined();
    expect(JSON.parse(running.input!)).toEqual(session);

    const end = { endedAt: '2025-01-01T11:00:00.000Z', stopReason: 'Local' };
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(end) }));

    const done = await settled(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(done.stopDate!.getTime()).toBeGreaterThanOrEqual(done.startDate!.getTime());
    expect(JSON.parse(done.output!)).toEqual({
      ...session,
      funding: { value: { means: 'card', status: 'held' } },
      end,
      cost: { value: { currency: 'EUR', totalNet: 800, totalVat: 160, totalGross: 960, priced: true } },
      settlement: { value: { status: 'settled', debt: 0 } },
      document: { value: { documentId: 'doc-1', number: 'R-2025-000001' } },
    });
  });

  it('fails the execution with the error and cause given to SendTaskFailure', async () => {
    const session = newSession();
    const executionArn = await start(session);
    await sfn.send(
      new SendTaskFailureCommand({
        taskToken: await tokenOf(session.sessionId),
        error: 'Session.EndUnknown',
        cause: 'Charge point lost the transaction',
      }),
    );
    const done = await settled(executionArn);
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'Session.EndUnknown',
      cause: 'Charge point lost the transaction',
    });
    expect(done.output).toBeUndefined();
  });

  it('flags the session for review when the end never comes (States.Timeout caught)', async () => {
    const session = newSession();
    const executionArn = await start(session, undefined, 'sessionLifecycleShortWait');
    const taskToken = await tokenOf(session.sessionId);

    const done = await settled(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toMatchObject({
      ...session,
      failure: { Error: 'States.Timeout' },
      check: { value: { state: 'unreachable' } },
    });
    expect(JSON.parse(done.output!)).not.toHaveProperty('cost');
    // The task is over: a late answer is refused as AWS does.
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
  });

  it('treats a name reused with the same input as the same execution (Standard idempotency)', async () => {
    const session = newSession();
    const name = `lifecycle-${session.sessionId}`;
    const first = await start(session, name);
    const second = await start(session, name);
    expect(second).toBe(first);
    expect(first).toBe(`arn:aws:states:us-east-1:000000000000:execution:sessionLifecycle:${name}`);

    await expect(start({ ...session, chargePointId: 'CP-2' }, name)).rejects.toBeInstanceOf(
      ExecutionAlreadyExists,
    );

    const { executions } = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: endpoint.stateMachineArn('sessionLifecycle') }),
    );
    expect(executions!.filter((execution) => execution.name === name)).toHaveLength(1);

    await sfn.send(
      new SendTaskSuccessCommand({
        taskToken: await tokenOf(session.sessionId),
        output: JSON.stringify({ endedAt: '2025-01-01T10:30:00.000Z' }),
      }),
    );
    expect((await settled(first)).status).toBe('SUCCEEDED');
    // Once closed, even the same input cannot reuse the name.
    await expect(start(session, name)).rejects.toBeInstanceOf(ExecutionAlreadyExists);
  });

  it('answers unknown, garbled and already-used task tokens with the AWS exceptions', async () => {
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })),
    ).rejects.toBeInstanceOf(InvalidToken);
    const wellFormedButUnknown = `AQ${'A'.repeat(64)}`;
    await expect(
      sfn.send(new SendTaskFailureCommand({ taskToken: wellFormedButUnknown, error: 'X' })),
    ).rejects.toBeInstanceOf(TaskDoesNotExist);

    const session = newSession();
    const executionArn = await start(session);
    const taskToken = await tokenOf(session.sessionId);
    const output = JSON.stringify({ endedAt: '2025-01-01T10:00:05.000Z' });
    await sfn.send(new SendTaskSuccessCommand({ taskToken, output }));
    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
    expect((await settled(executionArn)).status).toBe('SUCCEEDED');
  });

  it('aborts a waiting execution on StopExecution', async () => {
    const session = newSession();
    const executionArn = await start(session);
    const taskToken = await tokenOf(session.sessionId);

    const { stopDate } = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Operator.Cancelled', cause: 'Test stop' }),
    );
    expect(stopDate).toBeInstanceOf(Date);
    const stopped = await describeExecution(executionArn);
    expect(stopped).toMatchObject({ status: 'ABORTED', error: 'Operator.Cancelled', cause: 'Test stop' });

    await expect(sfn.send(new SendTaskSuccessCommand({ taskToken, output: '{}' }))).rejects.toBeInstanceOf(
      TaskTimedOut,
    );
    const { executions } = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: endpoint.stateMachineArn('sessionLifecycle'),
        statusFilter: 'ABORTED',
      }),
    );
    expect(executions!.map((execution) => execution.executionArn)).toContain(executionArn);
  });

  it('fails the task with InvalidTaskPayload when the input breaks the contract', async () => {
    const executionArn = await start({ tenantId: 'tenant-1' });
    const done = await settled(executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('InvalidTaskPayload');
    expect(JSON.parse(done.cause!)).toMatchObject({ errorType: 'InvalidTaskPayload' });
  });

  it('rejects bad requests with the exceptions the SDK knows', async () => {
    const stateMachineArn = endpoint.stateMachineArn('sessionLifecycle');
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{not json' })),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}Missing` })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: 'arn:nope' }))).rejects.toBeInstanceOf(
      InvalidArn,
    );
    await expect(
      describeExecution('arn:aws:states:us-east-1:000000000000:execution:sessionLifecycle:missing'),
    ).rejects.toBeInstanceOf(ExecutionDoesNotExist);
  });

  it('describes and lists the served state machines', async () => {
    const stateMachineArn = endpoint.stateMachineArn('sessionLifecycle');
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
    expect(described).toMatchObject({ name: 'sessionLifecycle', status: 'ACTIVE', type: 'STANDARD' });
    const definition = JSON.parse(described.definition!);
    expect(definition.States.AwaitSessionEnd.Parameters.FunctionName).toBe(localTaskArn('AwaitSessionEnd'));
    expect(definition.States.AwaitSessionEnd.TimeoutSeconds).toBe(86400);

    const { stateMachines } = await sfn.send(new ListStateMachinesCommand({}));
    expect(stateMachines!.map((machine) => machine.name).sort()).toEqual([
      'sessionLifecycle',
      'sessionLifecycleShortWait',
    ]);
  });
});
