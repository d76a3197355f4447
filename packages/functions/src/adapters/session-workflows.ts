import { SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { WorkflowEngine } from '@csms/app/deps';
import type { Session } from '@csms/core';
import { takeLifecycleToken } from '@csms/db';
import { log } from '../log.ts';
import type { AwsCredentials } from './charger-connections.ts';

/**
 * The OCPP side of the session-to-invoice workflow: StartTransaction starts one execution per session (its name
 * is derived from tenant and session, so a retried start starts nothing new), StopTransaction resumes the
 * execution waiting for the end. The SDK finds the endpoint like every other client: AWS, or the local Step
 * Functions endpoint through `AWS_ENDPOINT_URL_SFN`.
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

let client: SFNClient | undefined;
const sfn = () => (client ??= new SFNClient({}));

export function executionName(tenantId: string, sessionId: string): string {
  return `${tenantId}-${sessionId}`;
}

export async function startSessionLifecycle(session: Session): Promise<void> {
  const stateMachineArn = process.env.SESSION_STATE_MACHINE_ARN;
  if (!stateMachineArn) throw new Error('SESSION_STATE_MACHINE_ARN is not set');
  try {
    await sfn().send(
      new StartExecutionCommand({
        stateMachineArn,
        name: executionName(session.tenantId, session.id),
        input: JSON.stringify({
          tenantId: session.tenantId,
          chargePointId: session.chargePointId,
          sessionId: session.id,
          startedAt: session.startedAt,
        }),
      }),
    );
  } catch (error) {
    // Same name, same input: the execution exists already (a retried StartTransaction). Anything else is real.
    if ((error as { name?: string }).name !== 'ExecutionAlreadyExists') throw error;
  }
}

/** Resumes the execution waiting for this session's end, if it already waits (else it resumes itself). */
export async function reportSessionEnded(
  tenantId: string,
  sessionId: string,
  stoppedAt: string,
  stopReason?: string,
) {
  const token = await takeLifecycleToken(tenantId, sessionId);
  if (!token) return;
  try {
    await sfn().send(
      new SendTaskSuccessCommand({
        taskToken: token,
        output: JSON.stringify({ endedAt: stoppedAt, ...(stopReason ? { stopReason } : {}) }),
      }),
    );
  } catch (error) {
    log.error('Could not resume the session workflow', { tenantId, sessionId, error: String(error) });
  }
}

export { sfn as stepFunctionsClient };
