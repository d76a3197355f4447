import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from '@csms/app/deps';
import type { AwsCredentials } from './charger-connections.ts';

/**
 * The workflow engine on Step Functions: AWS, or the local Step Functions endpoint when `endpoint` is set.
 * Starting an execution whose name exists already answers false rather than failing (a retried start).
 */
export function createWorkflowEngine(settings: {
  stateMachineArns: Readonly<Record<'sessionLifecycle', string | undefined>>;
  endpoint?: string | undefined;
  region?: string | undefined;
  credentials?: AwsCredentials | undefined;
}): WorkflowEngine {
  const client = new SFNClient({
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    ...(settings.region ? { region: settings.region } : {}),
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
  });
  return {
    async start(workflow, name, input) {
      const stateMachineArn = settings.stateMachineArns[workflow];
      if (!stateMachineArn) throw new Error(`The state machine of ${workflow} is not configured`);
      try {
        await client.send(
          new StartExecutionCommand({
            stateMachineArn,
            name,
            input: JSON.stringify(input),
          }),
        );
        return true;
      } catch (error) {
        // Same name, same input: the execution exists already (a retried start). Anything else is real.
        if ((error as { name?: string }).name === 'ExecutionAlreadyExists') return false;
        throw error;
      }
    },
    async resume(taskToken, output) {
      await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    },
  };
}
