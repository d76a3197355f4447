import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Api as HttpApi, type StackContext, use } from 'sst/constructs';
import { connectToRuntime } from './lib/runtime.js';
import { secretsFunctionProps } from './lib/secrets.js';
import { Ocpp } from './Ocpp.js';
import { Settings } from './Settings.js';
import { Storage } from './Storage.js';
import { Workflows } from './Workflows.js';

/**
 * The tenant-facing HTTP API. One catch-all route: the handler routes internally (and authenticates API keys
 * itself), which keeps route changes out of the infrastructure and gives one warm Lambda instead of many cold.
 */
export function Api({ stack }: StackContext) {
  const { exportsBucket } = use(Storage);
  const { runtime } = use(Ocpp);
  const { stateMachines } = use(Workflows);
  const settings = use(Settings);
  const emailFrom = settings.emailFrom.value;

  const api = new HttpApi(stack, 'HttpApi', {
    routes: {
      $default: {
        function: {
          handler: 'packages/functions/src/http/api.handler',
          environment: { EXPORTS_BUCKET: exportsBucket.bucketName, EMAIL_FROM: emailFrom },
          ...secretsFunctionProps(settings),
        },
      },
    },
  });
  const handler = api.getFunction('$default');
  if (!handler) throw new Error('HTTP API: the $default route has no function');
  // Same environment and grants as the OCPP routes: the API sends commands to chargers and starts workflows.
  // Deployed after Workflows, so here the state machine is a real reference (the ARN is the same either way).
  connectToRuntime(handler, { ...runtime, sessionStateMachine: stateMachines.sessionLifecycle });
  exportsBucket.grantReadWrite(handler);
  // Tenant e-mail verification. SES checks the identity the mail is sent from (and, in the sandbox, the
  // recipient's): any identity of the account, but only with EMAIL_FROM as sender.
  handler.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail', 'ses:SendRawEmail'],
      resources: [Stack.of(stack).formatArn({ service: 'ses', resource: 'identity', resourceName: '*' })],
      conditions: { StringEquals: { 'ses:FromAddress': emailFrom } },
    }),
  );

  stack.addOutputs({ HttpApiUrl: api.url });
  return { api };
}
