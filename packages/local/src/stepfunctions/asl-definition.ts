import type { StateMachine, StateMachineDefinition } from 'aws-local-stepfunctions';

/** A parsed Amazon States Language definition (JSONPath flavour), as aws-local-stepfunctions types it. */
export type AslDefinition = StateMachineDefinition;

/** A JSON value as the library passes state data around. */
export type JsonValue = Parameters<StateMachine['run']>[0];

/** The fields of a Task state this endpoint needs; the library validates and runs the rest. */
export interface TaskStateView {
  readonly name: string;
  readonly resource: string;
  readonly parameters: unknown;
  /** After local overrides; undefined when `TimeoutSecondsPath` decides at run time. */
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatSeconds: number | undefined;
}

/**
 * Largest delay `setTimeout` honours: beyond 2^31-1 ms Node fires the timer after 1 ms instead. AWS allows
 * `TimeoutSeconds` up to 99999999, and the library sets a timer for every Task, so longer values are clamped.
 */
const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

type MutableState = Record<string, unknown>;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Visits every state, including those of Parallel branches and Map item processors. */
function forEachState(machine: unknown, visit: (name: string, state: MutableState) => void): void {
  if (!isRecord(machine) || !isRecord(machine.States)) return;
  for (const [name, state] of Object.entries(machine.States)) {
    if (!isRecord(state)) continue;
    visit(name, state);
    if (Array.isArray(state.Branches)) for (const branch of state.Branches) forEachState(branch, visit);
    forEachState(state.ItemProcessor ?? state.Iterator, visit);
  }
}

const positiveNumber = (value: unknown): number | undefined =>
  typeof value === 'number' && value > 0 ? value : undefined;

/**
 * The definition the library runs, derived from the one AWS would see:
 * - the library keys local task handlers by state name across nested machines, so names must be unique
 *   (AWS requires that too);
 * - a Task without `TimeoutSeconds` times out after 60 s in the library but runs unbounded on AWS, which would
 *   break any task waiting for a token: give it the longest timer Node supports instead;
 * - `timeoutOverridesMs` shortens chosen tasks' `TimeoutSeconds` (tests, demos), so `States.Timeout` still comes
 *   from the library and `Catch`/`Retry` treat it exactly as AWS does.
 */
export function runtimeDefinition(
  definition: AslDefinition,
  timeoutOverridesMs: Readonly<Record<string, number>> = {},
): AslDefinition {
  const runtime = structuredClone(definition);
  const seen = new Set<string>();
  forEachState(runtime, (name, state) => {
    if (seen.has(name)) throw new Error(`State name "${name}" is used twice; state names must be unique`);
    seen.add(name);
    if (state.Type !== 'Task') return;
    const overrideMs = timeoutOverridesMs[name];
    if (overrideMs !== undefined) {
      state.TimeoutSeconds = overrideMs / 1000;
      delete state.TimeoutSecondsPath;
    } else if (typeof state.TimeoutSeconds === 'number') {
      state.TimeoutSeconds = Math.min(state.TimeoutSeconds, MAX_TIMER_SECONDS);
    } else if (state.TimeoutSecondsPath === undefined) {
      state.TimeoutSeconds = MAX_TIMER_SECONDS;
    }
  });
  const unknownOverrides = Object.keys(timeoutOverridesMs).filter((name) => !seen.has(name));
  if (unknownOverrides.length > 0)
    throw new Error(`Timeout overrides for unknown states: ${unknownOverrides.join(', ')}`);
  return runtime;
}

/** Every Task state of a (runtime) definition, nested ones included. */
export function taskStates(definition: AslDefinition): TaskStateView[] {
  const tasks: TaskStateView[] = [];
  forEachState(definition, (name, state) => {
    if (state.Type !== 'Task') return;
    tasks.push({
      name,
      resource: typeof state.Resource === 'string' ? state.Resource : '',
      parameters: state.Parameters,
      timeoutSeconds: positiveNumber(state.TimeoutSeconds),
      heartbeatSeconds: positiveNumber(state.HeartbeatSeconds),
    });
  });
  return tasks;
}
