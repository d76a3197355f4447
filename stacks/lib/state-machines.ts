import type { WorkflowName } from '@csms/functions/workflows/catalog';
import { type IStateMachine, StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { App } from 'sst/constructs';

/**
 * Every state machine has an explicit, deterministic name (`<stage>-<app>-<workflow-in-kebab-case>`, e.g.
 * `prod-csms-session-lifecycle`), so its ARN is known before it exists. Functions that must address a state
 * machine without a CloudFormation reference to it (the OCPP routes, deployed before the Workflows stack, and
 * the workflow's own tasks, which the state machine itself references) build the ARN from this name.
 */
export function stateMachineName(app: App, workflow: WorkflowName): string {
  return app.logicalPrefixedName(workflow.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`));
}

/** The state machine by name: `arn:<partition>:states:<region>:<account>:stateMachine:<name>`, no reference. */
export function stateMachineByName(scope: Construct, app: App, workflow: WorkflowName): IStateMachine {
  const id = `${workflow.charAt(0).toUpperCase()}${workflow.slice(1)}StateMachineByName`;
  return StateMachine.fromStateMachineName(scope, id, stateMachineName(app, workflow));
}
