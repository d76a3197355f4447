export type { ArnScope } from './arns.ts';
export type { AslDefinition, JsonValue } from './asl-definition.ts';
export type { ExecutionStatus } from './executions.ts';
export { type LoadWorkflowOptions, loadWorkflow, localTaskArn } from './load-workflow.ts';
export {
  type StepFunctionsEndpoint,
  type StepFunctionsEndpointOptions,
  startStepFunctionsEndpoint,
} from './server.ts';
export type { LocalStateMachine } from './state-machines.ts';
export type { TaskHandler } from './task-bindings.ts';
