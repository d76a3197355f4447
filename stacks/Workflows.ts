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
import { secretsFunctionProps } from './lib/secrets.js';
import { stateMachineByName, stateMachineName } from './lib/state-machines.js';
import { Ocpp } from './Ocpp.js';
import { Settings } from './Settings.js';
import { Storage } from './Storage.js';

/**
 * One Standard state machine per entry of the workflow catalog (`packages/functions/src/workflows/catalog.ts`),
 * with one Lambda per task. The ASL names each task's Lambda as `${<Task>FunctionArn}`; CloudFormation fills
 * those in through `DefinitionSubstitutions`, so the ASL file stays the exact file the local runtime runs.
 *
 * Deployed after Ocpp: the tasks send CALLs to chargers (CheckSession's TriggerMessage) through the WebSocket
 * API's @connections endpoint. The tasks reach their own state machine (AwaitSessionEnd answers its task token
 * when the session already ended) through its deterministic name, since a reference would be a cycle: the
 * state machine's definition references the tasks' ARNs.
 */
export function Workflows({ app, stack }: StackContext) {
  const { table } = use(Storage);
  const { runtime } = use(Ocpp);
  const settings = use(Settings);
  const catalog: Readonly<Record<WorkflowName, WorkflowDefinition>> = workflows;
  const stateMachines = {} as Record<WorkflowName, StateMachine>;

  for (const name of Object.keys(catalog) as WorkflowName[]) {
    const { aslFile, tasks } = catalog[name];
    const id = name.charAt(0).toUpperCase() + name.slice(1);
    const self = stateMachineByName(stack, app, name);
    const substitutions: Record<string, string> = {};
    const taskFunctions = Object.entries(tasks).map(([task, handler]) => {
      // Every task gets the same environment and grants: they share the payment and charger-command code,
      // and which task needs what changes with that code, not with the infrastructure.
      const fn = new SstFunction(stack, `${id}${task}`, {
        handler,
        environment: {
          TABLE_NAME: table.tableName,
          WS_MANAGEMENT_ENDPOINT: runtime.ocppApi.cdk.webSocketStage.callbackUrl,
        },
        ...secretsFunctionProps(settings),
      });
      table.cdk.table.grantReadWriteData(fn);
      runtime.ocppApi.cdk.webSocketApi.grantManageConnections(fn);
      // SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat on this very state machine, by its name.
      self.grantTaskResponse(fn);
      substitutions[taskArnPlaceholder(task)] = fn.functionArn;
      return fn;
    });

    const stateMachine = new StateMachine(stack, `${id}StateMachine`, {
      stateMachineName: stateMachineName(app, name),
      stateMachineType: StateMachineType.STANDARD,
      // Inline rather than DefinitionBody.fromFile: fromFile uploads the ASL as an S3 asset, which hides the
      // definition from `sst diff` and from template assertions. The template limit is far above any ASL.
      definitionBody: DefinitionBody.fromString(loadAsl(fromRoot(aslFile), substitutions)),
      definitionSubstitutions: substitutions,
    });
    for (const fn of taskFunctions) fn.grantInvoke(stateMachine);
    stateMachines[name] = stateMachine;
  }

  stack.addOutputs({ SessionStateMachineArn: stateMachines.sessionLifecycle.stateMachineArn });
  return { stateMachines };
}
