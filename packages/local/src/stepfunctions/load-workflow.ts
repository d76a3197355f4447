import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { taskArnPlaceholder, type WorkflowName, workflows } from '@csms/functions/workflows/catalog';
import { lambdaContext } from '../lambda-invoke.ts';
import { type ArnScope, lambdaFunctionArn } from './arns.ts';
import type { AslDefinition } from './asl-definition.ts';
import type { LocalStateMachine } from './state-machines.ts';
import type { TaskHandler } from './task-bindings.ts';

export interface LoadWorkflowOptions {
  /** Region and account of the local Lambda ARNs; the endpoint's defaults unless given. */
  readonly region?: string;
  readonly accountId?: string;
  /** Where catalog paths are relative to; this repository by default. */
  readonly repoRoot?: string;
  /**
   * The dependencies the runtime built: each task is then `create(deps)` of its module (the current ones at
   * every call, so a reconfigured runtime is picked up). Without, the module's Lambda `handler` runs.
   */
  readonly deps?: () => unknown;
}

const defaultRepoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** The ARN a catalog task gets locally, e.g. `arn:aws:lambda:us-east-1:000000000000:function:AwaitSessionEnd`. */
export const localTaskArn = (task: string, scope: Partial<ArnScope> = {}): string =>
  lambdaFunctionArn(
    { region: scope.region ?? 'us-east-1', accountId: scope.accountId ?? '000000000000' },
    task,
  );

/**
 * A catalog workflow ready for `startStepFunctionsEndpoint`: its ASL with each `${<Task>FunctionArn}` substituted
 * by the task's local ARN (what SST's DefinitionSubstitutions do with the real ARNs), and each task's handler
 * module imported in-process. The state machine is named after its catalog key.
 */
export async function loadWorkflow(
  name: WorkflowName,
  options: LoadWorkflowOptions = {},
): Promise<LocalStateMachine> {
  const repoRoot = options.repoRoot ?? defaultRepoRoot;
  const workflow = workflows[name];
  const tasks: Readonly<Record<string, string>> = workflow.tasks;

  const substitutions = new Map<string, string>();
  const taskHandlers: Record<string, TaskHandler> = {};
  for (const [task, handlerPath] of Object.entries(tasks)) {
    const arn = localTaskArn(task, options);
    substitutions.set(taskArnPlaceholder(task), arn);
    taskHandlers[arn] = await importHandler(repoRoot, handlerPath, task, options.deps);
  }

  const asl: unknown = JSON.parse(await readFile(resolve(repoRoot, workflow.aslFile), 'utf8'));
  const definition = substitute(asl, substitutions, workflow.aslFile) as AslDefinition;
  return { name, definition, taskHandlers };
}

/** DefinitionSubstitutions semantics: `${Key}` inside any string value; an unknown key is an error, not a leftover. */
function substitute(value: unknown, substitutions: ReadonlyMap<string, string>, file: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([^}]+)\}/g, (_placeholder, key: string) => {
      const replacement = substitutions.get(key);
      if (replacement === undefined) throw new Error(`${file}: no substitution for \${${key}}`);
      return replacement;
    });
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, substitutions, file));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substitute(item, substitutions, file)]),
    );
  }
  return value;
}

type Lambda = (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<unknown>;

/**
 * Imports `file.export` (SST v2 handler path, relative to the repository root) from its TypeScript source and
 * calls it the way Lambda would, with a Lambda context.
 */
async function importHandler(
  repoRoot: string,
  handlerPath: string,
  functionName: string,
  deps: (() => unknown) | undefined,
): Promise<TaskHandler> {
  const dot = handlerPath.lastIndexOf('.');
  if (dot <= 0) throw new Error(`Handler path "${handlerPath}" is not of the form file.export`);
  const file = resolve(repoRoot, `${handlerPath.slice(0, dot)}.ts`);
  const exportName = handlerPath.slice(dot + 1);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const handler = module[exportName];
  if (typeof handler !== 'function') throw new Error(`${file} does not export a function "${exportName}"`);
  const create = module.create;
  if (!deps || typeof create !== 'function') {
    return async (payload) => (handler as Lambda)(payload, lambdaContext(functionName));
  }
  // One handler per set of dependencies: a reconfigured runtime gets new ones, the rest reuse theirs.
  const created = new WeakMap<object, Lambda>();
  return async (payload) => {
    const current = deps() as object;
    let lambda = created.get(current);
    if (!lambda) {
      lambda = (create as (d: unknown) => Lambda)(current);
      created.set(current, lambda);
    }
    return lambda(payload, lambdaContext(functionName));
  };
}
