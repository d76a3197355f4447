import { JavaMissingError } from './dynamodb-local.ts';
import { settingsFromEnv } from './settings.ts';
import { startLocalStack } from './stack.ts';

/** `npm start`: the CSMS on this machine, with the same handlers as on AWS. Ctrl-C stops everything. */
async function main(): Promise<void> {
  const settings = settingsFromEnv();
  const stack = await startLocalStack(settings);
  console.log(
    [
      `OCPP (chargers):      ${stack.ocppUrl}/{tenantId}/{chargePointId}`,
      `REST API:             ${stack.apiUrl}/v1`,
      `@connections:         ${stack.managementEndpoint}`,
      `Step Functions:       ${stack.stepFunctionsEndpoint}`,
      `DynamoDB Local:       ${stack.dynamoDbEndpoint} (table ${stack.tableName}, ${settings.dataDir ?? 'in memory'})`,
      `E-mail outbox:        ${stack.outboxDir}`,
      `API docs:             ${stack.apiUrl}/v1/docs`,
      'CSMS ready',
    ].join('\n'),
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received, stopping…`);
    stack.stop().then(
      () => process.exit(0),
      (error) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error) => {
  console.error(error instanceof JavaMissingError ? error.message : error);
  process.exit(1);
});
