/** ARNs of the resources this endpoint simulates, in the shapes AWS gives them. */
export interface ArnScope {
  readonly region: string;
  readonly accountId: string;
}

export const stateMachineArn = (scope: ArnScope, name: string): string =>
  `arn:aws:states:${scope.region}:${scope.accountId}:stateMachine:${name}`;

export const executionArn = (scope: ArnScope, stateMachineName: string, executionName: string): string =>
  `arn:aws:states:${scope.region}:${scope.accountId}:execution:${stateMachineName}:${executionName}`;

export const lambdaFunctionArn = (scope: ArnScope, functionName: string): string =>
  `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${functionName}`;

/** The role the context object reports as `$$.Execution.RoleArn`; nothing checks it locally. */
export const executionRoleArn = (scope: ArnScope): string =>
  `arn:aws:iam::${scope.accountId}:role/local-step-functions`;

export const isStateMachineArn = (arn: string): boolean =>
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+$/.test(arn);

export const isExecutionArn = (arn: string): boolean =>
  /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:]+:[^:]+$/.test(arn);

const LAMBDA_FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:([^:]+)(?::[^:]+)?$/;

export const isLambdaFunctionArn = (resource: string): boolean => LAMBDA_FUNCTION_ARN.test(resource);

/**
 * The function name inside whatever Lambda accepts as `FunctionName`: a name, a full ARN (optionally qualified
 * with a version or alias) or a partial `<account>:function:<name>` ARN.
 */
export function lambdaFunctionName(nameOrArn: string): string {
  const fullArn = LAMBDA_FUNCTION_ARN.exec(nameOrArn);
  if (fullArn?.[1]) return fullArn[1];
  const partialArn = /^\d{12}:function:([^:]+)(?::[^:]+)?$/.exec(nameOrArn);
  if (partialArn?.[1]) return partialArn[1];
  return nameOrArn.split(':')[0] ?? nameOrArn;
}
