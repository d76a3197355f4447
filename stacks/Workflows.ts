import {
  taskArnPlaceholder,
  type WorkflowDefinition,
  type WorkflowName,
  workflows,
} from '@csms/functions/workflows/catalog';
import { DefinitionBody, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Function as SstFunction, type StackContext, use } from 'sst/constructs';
import { loadAsl } from './lib/asl.js';
import { fromRoot } from './lib/paths.js';
import { Storage } from './Storage.js';

/**
 * One Standard state machine per entry of the workflow catalog (`packages/functions/src/workflows/catalog.ts`),
 * with one Lambda per task. The ASL names each task's Lambda as `${<Task>FunctionArn}`; CloudFormation fills
 * those in through `DefinitionSubstitutions`, so the ASL file stays the exact file the local runtime runs.
 */
export function Workflows({ stack }: StackContext) {
  const { table } = use(Storage);
  const catalog: Readonly<Record<WorkflowName, WorkflowDefinition>> = workflows;
  const stateMachines = {} as Record<WorkflowName, StateMachine>;

  for (const name of Object.keys(catalog) as WorkflowName[]) {
    const { aslFile, tasks } = catalog[name];
    const id = name.charAt(0).toUpperCase() + name.slice(1);
    const substitutions: Record<string, string> = {};
    const taskFunctions = Object.entries(tasks).map(([task, handler]) => {
      // Tasks only get the table: giving them the OCPP endpoints or the state machine ARN would make this
      // stack depend on Ocpp (which already depends on it) or the state machine on itself, both cycles.
      const fn = new SstFunction(stack, `${id}${task}`, {
        handler,
        environment: { TABLE_NAME: table.tableName },
      });
      table.cdk.table.grantReadWriteData(fn);
      substitutions[taskArnPlaceholder(task)] = fn.functionArn;
      return fn;
    });

    const stateMachine = new StateMachine(stack, `${id}StateMachine`, {
      stateMachineType: StateMachineType.STANDARD,
      // Inline rather than DefinitionBody.fromFile: fromFile uploads the ASL as an S3 asset, which hides the
      // definition from `sst diff` and from template assertions. The template limit is far above any ASL.
      definitionBody: DefinitionBody.fromString(loadAsl(fromRoot(aslFile), substitutions)),
      definitionSubstitutions: substitutions,
    });
    for (const fn of taskFunctions) fn.grantInvoke(stateMachine);
    stateMachines[name] = stateMachine;
  }

  return { stateMachines };
}
