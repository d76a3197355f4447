import { randomUUID } from 'node:crypto';
import { type ArnScope, executionRoleArn, isExecutionArn, isStateMachineArn } from './arns.ts';
import type { JsonValue } from './asl-definition.ts';
import type { ExecutionRecord, ExecutionStatus, Executions } from './executions.ts';
import { StepFunctionsError } from './service-errors.ts';
import type { RegisteredStateMachine, StateMachineRegistry } from './state-machines.ts';
import type { TaskTokens } from './task-tokens.ts';

/** What the API operations act on. */
export interface Services {
  readonly scope: ArnScope;
  readonly stateMachines: StateMachineRegistry;
  readonly executions: Executions;
  readonly tokens: TaskTokens;
}

type Request = Readonly<Record<string, unknown>>;
type Operation = (request: Request, services: Services) => Record<string, unknown>;

/** The Step Functions API operations served, by `X-Amz-Target` operation name. */
export const operations: Readonly<Record<string, Operation>> = {
  StartExecution: (request, { stateMachines, executions }) => {
    const machine = requireStateMachine(stateMachines, requiredString(request, 'stateMachineArn'));
    const name = optionalString(request, 'name') ?? randomUUID();
    if (!isValidExecutionName(name)) throw new StepFunctionsError('InvalidName', `Invalid Name: '${name}'`);
    const input = optionalString(request, 'input') ?? '{}';
    const parsedInput = parseJson(input, 'InvalidExecutionInput', 'Invalid State Machine Execution Input');
    const execution = executions.start(machine, name, input, parsedInput);
    return { executionArn: execution.executionArn, startDate: epochSeconds(execution.startDate) };
  },

  DescribeExecution: (request, { executions }) => {
    const execution = requireExecution(executions, requiredString(request, 'executionArn'));
    return {
      executionArn: execution.executionArn,
      stateMachineArn: execution.stateMachineArn,
      name: execution.name,
      status: execution.status,
      startDate: epochSeconds(execution.startDate),
      stopDate: execution.stopDate && epochSeconds(execution.stopDate),
      input: execution.input,
      inputDetails: { included: true },
      output: execution.output,
      outputDetails: execution.output === undefined ? undefined : { included: true },
      error: execution.error,
      cause: execution.cause,
    };
  },

  StopExecution: (request, { executions }) => {
    const arn = requiredString(request, 'executionArn');
    requireExecution(executions, arn);
    const execution = executions.stop(
      arn,
      optionalString(request, 'error'),
      optionalString(request, 'cause'),
    );
    return { stopDate: epochSeconds(execution?.stopDate ?? new Date()) };
  },

  ListExecutions: (request, { stateMachines, executions }) => {
    const machine = requireStateMachine(stateMachines, requiredString(request, 'stateMachineArn'));
    const statusFilter = optionalString(request, 'statusFilter') as ExecutionStatus | undefined;
    const matching = executions
      .list(machine.arn)
      .filter((execution) => statusFilter === undefined || execution.status === statusFilter);
    const { page, nextToken } = paginate(matching, request);
    return { executions: page.map(executionListItem), nextToken };
  },

  SendTaskSuccess: (request, { tokens }) => {
    const taskToken = requiredString(request, 'taskToken');
    const output = parseJson(requiredString(request, 'output'), 'InvalidOutput', 'Invalid Output');
    tokens.succeed(taskToken, output);
    return {};
  },

  SendTaskFailure: (request, { tokens }) => {
    tokens.fail(
      requiredString(request, 'taskToken'),
      optionalString(request, 'error'),
      optionalString(request, 'cause'),
    );
    return {};
  },

  SendTaskHeartbeat: (request, { tokens }) => {
    tokens.heartbeat(requiredString(request, 'taskToken'));
    return {};
  },

  DescribeStateMachine: (request, { scope, stateMachines }) => {
    const machine = requireStateMachine(stateMachines, requiredString(request, 'stateMachineArn'));
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definitionJson,
      roleArn: executionRoleArn(scope),
      type: 'STANDARD',
      creationDate: epochSeconds(machine.creationDate),
    };
  },

  ListStateMachines: (request, { stateMachines }) => {
    const { page, nextToken } = paginate(stateMachines.list(), request);
    return {
      stateMachines: page.map((machine) => ({
        stateMachineArn: machine.arn,
        name: machine.name,
        type: 'STANDARD',
        creationDate: epochSeconds(machine.creationDate),
      })),
      nextToken,
    };
  },
};

/** The AWS JSON protocols carry timestamps as epoch seconds (fractional). */
const epochSeconds = (date: Date): number => date.getTime() / 1000;

function executionListItem(execution: ExecutionRecord): Record<string, unknown> {
  return {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    status: execution.status,
    startDate: epochSeconds(execution.startDate),
    stopDate: execution.stopDate && epochSeconds(execution.stopDate),
  };
}

function requireStateMachine(stateMachines: StateMachineRegistry, arn: string): RegisteredStateMachine {
  if (!isStateMachineArn(arn)) throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${arn}'`);
  const machine = stateMachines.get(arn);
  if (!machine)
    throw new StepFunctionsError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
  return machine;
}

function requireExecution(executions: Executions, arn: string): ExecutionRecord {
  if (!isExecutionArn(arn)) throw new StepFunctionsError('InvalidArn', `Invalid Arn: '${arn}'`);
  const execution = executions.get(arn);
  if (!execution) throw new StepFunctionsError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
  return execution;
}

/** AWS naming rules for executions: 1-80 characters, none of whitespace, brackets, wildcards or these specials. */
function isValidExecutionName(name: string): boolean {
  const isControl = (char: string): boolean => {
    const code = char.charCodeAt(0);
    return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
  };
  return (
    name.length >= 1 &&
    name.length <= 80 &&
    !/[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name) &&
    ![...name].some(isControl)
  );
}

function parseJson(
  text: string,
  errorType: 'InvalidExecutionInput' | 'InvalidOutput',
  message: string,
): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    throw new StepFunctionsError(errorType, `${message}: not a valid JSON document`);
  }
}

function requiredString(request: Request, key: string): string {
  const value = optionalString(request, key);
  if (value === undefined) {
    throw new StepFunctionsError(
      'ValidationException',
      `1 validation error detected: '${key}' must not be null`,
    );
  }
  return value;
}

function optionalString(request: Request, key: string): string | undefined {
  const value = request[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new StepFunctionsError('SerializationException', `'${key}' must be a string`);
  }
  return value;
}

/** `maxResults`/`nextToken` paging; the token is the offset of the next page (opaque to callers). */
function paginate<T>(items: readonly T[], request: Request): { page: T[]; nextToken: string | undefined } {
  const maxResults =
    typeof request.maxResults === 'number' && request.maxResults > 0 ? request.maxResults : 100;
  const token = optionalString(request, 'nextToken');
  const offset = token === undefined ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset < 0) throw new StepFunctionsError('InvalidToken', 'Invalid Token');
  const end = offset + Math.min(maxResults, 1000);
  const nextToken = end < items.length ? Buffer.from(String(end)).toString('base64url') : undefined;
  return { page: items.slice(offset, end), nextToken };
}
