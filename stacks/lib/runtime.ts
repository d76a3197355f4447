import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Function as SstFunction, Table, WebSocketApi } from 'sst/constructs';

/** What an OCPP or HTTP API function needs to reach the rest of the system. */
export interface CsmsRuntime {
  readonly table: Table;
  readonly ocppApi: WebSocketApi;
  /** `wss://<cloudfront domain>/ocpp`: chargers append `/{tenantId}/{chargePointId}`. */
  readonly ocppPublicUrl: string;
  /** Imported by name in the Ocpp stack (see `state-machines.ts`): the Workflows stack is deployed after it. */
  readonly sessionStateMachine: IStateMachine;
}

/**
 * The environment and IAM grants shared by every OCPP route and the HTTP API: one place, so the WebSocket
 * handlers and the API (which also sends commands to chargers) can never see different settings.
 */
export function connectToRuntime(fn: SstFunction, runtime: CsmsRuntime): void {
  fn.addEnvironment('TABLE_NAME', runtime.table.tableName);
  // https://{api}.execute-api.{region}.amazonaws.com/{stage}: the @connections endpoint used by
  // @aws-sdk/client-apigatewaymanagementapi to push CALLs to a charger (the wss:// URL does not work there).
  fn.addEnvironment('WS_MANAGEMENT_ENDPOINT', runtime.ocppApi.cdk.webSocketStage.callbackUrl);
  fn.addEnvironment('OCPP_PUBLIC_URL', runtime.ocppPublicUrl);
  fn.addEnvironment('SESSION_STATE_MACHINE_ARN', runtime.sessionStateMachine.stateMachineArn);

  runtime.table.cdk.table.grantReadWriteData(fn);
  runtime.ocppApi.cdk.webSocketApi.grantManageConnections(fn);
  runtime.sessionStateMachine.grantStartExecution(fn);
  // SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat: an OCPP reply resumes a waiting workflow.
  runtime.sessionStateMachine.grantTaskResponse(fn);
}
