import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';

/**
 * Calls a Lambda handler the way the Lambda runtime would: the event and the result cross a JSON boundary
 * (so nothing can lean on shared object identity locally and break on AWS), with a Lambda-shaped context.
 */
export type LambdaHandler = (event: never, context: Context) => Promise<unknown>;

export async function invokeLambda<Result>(
  functionName: string,
  handler: LambdaHandler,
  event: unknown,
): Promise<Result> {
  const context = lambdaContext(functionName);
  const result = await handler(JSON.parse(JSON.stringify(event)) as never, context);
  return (result === undefined ? undefined : JSON.parse(JSON.stringify(result))) as Result;
}

/** A Lambda-shaped context: request id, function name, 29 s of remaining time. */
export function lambdaContext(functionName: string): Context {
  const deadline = Date.now() + 29_000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
