import {
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type AslDefinition,
  type StepFunctionsEndpoint,
  startStepFunctionsEndpoint,
} from '../src/stepfunctions/index.ts';

/** Task integration patterns, errors and timeouts of the local endpoint, on small test state machines. */

const fn = (name: string) => `arn:aws:lambda:us-east-1:000000000000:function:${name}`;
const INVOKE_AND_WAIT = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Direct Lambda ARN with Retry, then a callback task (FunctionName by plain name) with Catch and a 1 s timeout. */
const callbackMachine: AslDefinition = {
  StartAt: 'Flaky',
  States: {
    Flaky: {
      Type: 'Task',
      Resource: fn('Flaky'),
      ResultPath: '$.flaky',
      Retry: [{ ErrorEquals: ['Transient'], MaxAttempts: 2 }],
      Next: 'Callback',
    },
    Callback: {
      Type: 'Task',
      Resource: INVOKE_AND_WAIT,
      Parameters: {
        FunctionName: 'Notify',
        Payload: { 'key.$': '$.key', 'token.$': '$$.Task.Token', 'executionId.$': '$$.Execution.Id' },
      },
      TimeoutSeconds: 1,
      ResultPath: '$.answer',
      Catch: [
        { ErrorEquals: ['Rejected'], ResultPath: '$.error', Next: 'WasRejected' },
        { ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'TimedOut' },
      ],
      End: true,
    },
    WasRejected: { Type: 'Pass', End: true },
    TimedOut: { Type: 'Pass', End: true },
  },
};

/** A callback task guarded by a 1 s heartbeat; two of them in parallel need distinct tokens. */
const heartbeatMachine: AslDefinition = {
  StartAt: 'Both',
  States: {
    Both: {
      Type: 'Parallel',
      Branches: ['Left', 'Right'].map((side) => ({
        StartAt: side,
        States: {
          [side]: {
            Type: 'Task',
            Resource: INVOKE_AND_WAIT,
            Parameters: {
              FunctionName: fn('Notify'),
              Payload: { 'key.$': `States.Format('{}-${side}', $.key)`, 'token.$': '$$.Task.Token' },
            },
            HeartbeatSeconds: 1,
            End: true,
          },
        },
      })),
      Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.error', Next: 'NoHeartbeat' }],
      End: true,
    },
    NoHeartbeat: { Type: 'Pass', End: true },
  },
};

let endpoint: StepFunctionsEndpoint;
let sfn: SFNClient;
const tokensByKey = new Map<string, string>();
const notifyFailures = new Map<string, Error>();
const flakyCalls = new Map<string, number>();

beforeAll(async () => {
  const taskHandlers = {
    [fn('Flaky')]: async (event: unknown) => {
      const { key, failTimes = 0 } = event as { key: string; failTimes?: number };
      const calls = (flakyCalls.get(key) ?? 0) + 1;
      flakyCalls.set(key, calls);
      if (calls <= failTimes) throw new NamedError('Transient', `attempt ${calls} failed`);
      return { calls };
    },
    [fn('Notify')]: async (event: unknown) => {
      const { key, token } = event as { key: string; token: string };
      const failure = notifyFailures.get(key);
      if (failure) throw failure;
      tokensByKey.set(key, token);
      return 'ignored by the callback pattern';
    },
  };
  endpoint = await startStepFunctionsEndpoint({
    stateMachines: [
      { name: 'callback', definition: callbackMachine, taskHandlers, retryIntervalOverrides: { Flaky: 0 } },
      { name: 'heartbeat', definition: heartbeatMachine, taskHandlers },
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

const start = async (machine: string, input: object) => {
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({
      stateMachineArn: endpoint.stateMachineArn(machine),
      input: JSON.stringify(input),
    }),
  );
  return executionArn!;
};

const settled = (executionArn: string, timeout = 3000): Promise<DescribeExecutionCommandOutput> =>
  vi.waitFor(
    async () => {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (execution.status === 'RUNNING') throw new Error('still running');
      return execution;
    },
    { timeout, interval: 25 },
  );

const tokenOf = (key: string): Promise<string> =>
  vi.waitFor(() => {
    const token = tokensByKey.get(key);
    if (!token) throw new Error(`no token yet for ${key}`);
    return token;
  });

describe('task integrations on the local Step Functions endpoint', () => {
  it('retries a direct Lambda ARN on its error name and passes context values and the token', async () => {
    const executionArn = await start('callback', { key: 'retry', failTimes: 1 });
    const token = await tokenOf('retry');
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify({ ok: true }) }));

    const done = await settled(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual({
      key: 'retry',
      failTimes: 1,
      flaky: { calls: 2 },
      answer: { ok: true },
    });
  });

  it('reports an uncaught Lambda error as the execution error, with the Lambda error document as cause', async () => {
    const executionArn = await start('callback', { key: 'exhausted', failTimes: 5 });
    const done = await settled(executionArn);
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('Transient');
    expect(JSON.parse(done.cause!)).toMatchObject({
      errorType: 'Transient',
      errorMessage: 'attempt 3 failed',
    });
  });

  it('routes SendTaskFailure through the Catch matching its error name', async () => {
    const executionArn = await start('callback', { key: 'reject' });
    await sfn.send(
      new SendTaskFailureCommand({
        taskToken: await tokenOf('reject'),
        error: 'Rejected',
        cause: 'no thanks',
      }),
    );
    const done = await settled(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).error).toEqual({ Error: 'Rejected', Cause: 'no thanks' });
  });

  it('fails the callback task when its handler throws, as a failed invoke does', async () => {
    notifyFailures.set('broken', new NamedError('Notify.Unavailable', 'downstream is down'));
    const done = await settled(await start('callback', { key: 'broken' }));
    expect(done).toMatchObject({ status: 'FAILED', error: 'Notify.Unavailable' });
  });

  it('times a callback task out after TimeoutSeconds with States.Timeout', async () => {
    const executionArn = await start('callback', { key: 'silent' });
    const token = await tokenOf('silent');
    const done = await settled(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).error.Error).toBe('States.Timeout');
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toBeInstanceOf(TaskTimedOut);
  });

  it('keeps heartbeating tasks alive and gives parallel tasks their own tokens', async () => {
    const executionArn = await start('heartbeat', { key: 'beat' });
    const left = await tokenOf('beat-Left');
    const right = await tokenOf('beat-Right');
    expect(left).not.toBe(right);

    for (let beat = 0; beat < 4; beat++) {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: left }));
      await sfn.send(new SendTaskHeartbeatCommand({ taskToken: right }));
    }
    await sfn.send(new SendTaskSuccessCommand({ taskToken: left, output: '"L"' }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: right, output: '"R"' }));
    const done = await settled(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!)).toEqual(['L', 'R']);
  });

  it('fails a task that misses its heartbeat with States.Timeout', async () => {
    const executionArn = await start('heartbeat', { key: 'quiet' });
    const done = await settled(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output!).error.Error).toBe('States.Timeout');
  });
});

describe('local Step Functions endpoint setup and protocol', () => {
  it('refuses at startup a state machine whose task has no local handler', async () => {
    await expect(
      startStepFunctionsEndpoint({
        stateMachines: [{ name: 'orphan', definition: callbackMachine, taskHandlers: {} }],
      }),
    ).rejects.toThrow(/Flaky.*no local handler/);
  });

  it('refuses the .sync pattern, which it cannot run', async () => {
    const definition: AslDefinition = {
      StartAt: 'Job',
      States: { Job: { Type: 'Task', Resource: 'arn:aws:states:::states:startExecution.sync:2', End: true } },
    };
    await expect(
      startStepFunctionsEndpoint({ stateMachines: [{ name: 'sync', definition, taskHandlers: {} }] }),
    ).rejects.toThrow(/\.sync/);
  });

  it('answers unknown operations and malformed bodies in the JSON 1.0 error shape', async () => {
    const post = (target: string, body: string) =>
      fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
        body,
      });
    const unknown = await post('AWSStepFunctions.CreateActivity', '{}');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });

    const malformed = await post('AWSStepFunctions.StartExecution', '{');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ __type: 'SerializationException' });
  });
});
