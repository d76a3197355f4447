import './promise-with-resolvers.ts';
import { StateMachine } from 'aws-local-stepfunctions';
import { type ArnScope, stateMachineArn } from './arns.ts';
import { type AslDefinition, runtimeDefinition, taskStates } from './asl-definition.ts';
import { bindTask, type TaskBinding, type TaskHandler, TaskHandlers } from './task-bindings.ts';

/** A state machine to serve, with the local handlers of its tasks. */
export interface LocalStateMachine {
  readonly name: string;
  /** Parsed ASL with every `${...}` substitution already applied (task resources point at local ARNs). */
  readonly definition: AslDefinition;
  /**
   * Handlers by the ARN the ASL refers to: a Lambda function ARN (direct `Resource` or the `FunctionName` of
   * `lambda:invoke`), or another service integration's resource ARN without `.waitForTaskToken`.
   */
  readonly taskHandlers: Readonly<Record<string, TaskHandler>>;
  /** Task state name → milliseconds before `States.Timeout`, replacing its `TimeoutSeconds` (tests, demos). */
  readonly taskTimeoutOverrides?: Readonly<Record<string, number>>;
  /** Wait state name → milliseconds to wait instead (the library's `waitTimeOverrides`). */
  readonly waitTimeOverrides?: Readonly<Record<string, number>>;
  /** Retryable state name → milliseconds between retries (the library's `retryIntervalOverrides`). */
  readonly retryIntervalOverrides?: Readonly<Record<string, number | number[]>>;
}

export interface RegisteredStateMachine {
  readonly arn: string;
  readonly name: string;
  /** The definition as given, for DescribeStateMachine. */
  readonly definitionJson: string;
  readonly runtime: StateMachine;
  readonly bindings: readonly TaskBinding[];
  readonly handlers: TaskHandlers;
  readonly creationDate: Date;
  readonly source: LocalStateMachine;
}

const STATE_MACHINE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** The state machines an endpoint serves, fixed when it starts. */
export class StateMachineRegistry {
  readonly #byArn = new Map<string, RegisteredStateMachine>();
  readonly #arnByName = new Map<string, string>();

  constructor(machines: readonly LocalStateMachine[], scope: ArnScope) {
    for (const machine of machines) {
      if (this.#arnByName.has(machine.name))
        throw new Error(`State machine "${machine.name}" is given twice`);
      const registered = register(machine, scope);
      this.#byArn.set(registered.arn, registered);
      this.#arnByName.set(machine.name, registered.arn);
    }
  }

  get(arn: string): RegisteredStateMachine | undefined {
    return this.#byArn.get(arn);
  }

  arnOf(name: string): string {
    const arn = this.#arnByName.get(name);
    if (!arn)
      throw new Error(`No state machine named "${name}" (known: ${[...this.#arnByName.keys()].join(', ')})`);
    return arn;
  }

  list(): RegisteredStateMachine[] {
    return [...this.#byArn.values()];
  }
}

function register(machine: LocalStateMachine, scope: ArnScope): RegisteredStateMachine {
  if (!STATE_MACHINE_NAME.test(machine.name)) throw new Error(`Invalid state machine name "${machine.name}"`);
  try {
    // Validates the definition AWS would get (asl-validator, ARNs and paths checked); the run copy below
    // carries local timer adjustments and is not re-validated.
    new StateMachine(machine.definition);
  } catch (error) {
    throw new Error(`State machine "${machine.name}": ${error instanceof Error ? error.message : error}`);
  }
  const definition = runtimeDefinition(machine.definition, machine.taskTimeoutOverrides);
  const handlers = new TaskHandlers(machine.taskHandlers);
  return {
    arn: stateMachineArn(scope, machine.name),
    name: machine.name,
    definitionJson: JSON.stringify(machine.definition),
    runtime: new StateMachine(definition, { validationOptions: { noValidate: true } }),
    bindings: taskStates(definition).map((task) => bindTask(task, handlers)),
    handlers,
    creationDate: new Date(),
    source: machine,
  };
}
