import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { recordConsumedCapacity } from './capacity.ts';

/**
 * One DocumentClient per process (a Lambda container or the local runtime), created on first use so the
 * local runtime can set `TABLE_NAME` and `AWS_ENDPOINT_URL_DYNAMODB` before anything touches the table.
 * The same code talks to DynamoDB on AWS and to DynamoDB Local: the SDK reads the endpoint from the environment.
 */
let documentClient: DynamoDBDocumentClient | undefined;

export function db(): DynamoDBDocumentClient {
  if (!documentClient) {
    // Lambda serves one request per container, but the local runtime serves every charger from one process;
    // the SDK's default of 50 sockets would queue requests there. Harmless on Lambda.
    const client = new DynamoDBClient({
      requestHandler: { httpAgent: { maxSockets: 512 }, httpsAgent: { maxSockets: 512 } },
    });
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        // Ask every call for its consumed capacity so cost per OCPP message is measurable (bench, metrics).
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        recordConsumedCapacity(
          String(context.commandName ?? ''),
          (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity,
        );
        return result;
      },
      { step: 'initialize', name: 'csmsConsumedCapacity' },
    );
  }
  return documentClient;
}

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error('TABLE_NAME is not set');
  return name;
}
