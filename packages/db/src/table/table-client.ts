import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandInput,
  BatchWriteCommand,
  type BatchWriteCommandInput,
  DeleteCommand,
  type DeleteCommandInput,
  type DeleteCommandOutput,
  DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  type GetCommandOutput,
  PutCommand,
  type PutCommandInput,
  type PutCommandOutput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
  type UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { ItemKey } from '../keys.ts';
import type { WriteSet } from '../write-set.ts';

/**
 * The single table as the repositories see it: the document client and the table's name, passed in (never a
 * process singleton), so a test, the local runtime and a Lambda each build their own. Every method takes the
 * SDK's input without `TableName` and adds it, which is the one place the name is written.
 */
export interface TableSettings {
  readonly tableName: string;
  /** DynamoDB Local's URL; unset on AWS, where the SDK finds the regional endpoint. */
  readonly endpoint?: string | undefined;
  readonly region?: string | undefined;
  /** Static credentials (the local runtime's placeholders); unset on AWS, where the Lambda role applies. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
  /**
   * Called with the capacity every call consumed. Only when set does a call ask DynamoDB for it: the benchmark
   * measures cost per message this way, production pays nothing for it.
   */
  readonly onConsumedCapacity?: ((command: string, consumed: unknown) => void) | undefined;
}

type WithoutTable<T> = Omit<T, 'TableName'>;
export type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Unprocessed batch writes and reads are retried with exponential backoff this many times, then the call fails. */
const BATCH_ATTEMPTS = 8;
const BATCH_BASE_DELAY_MS = 25;

export class UnprocessedWritesError extends Error {
  override readonly name = 'UnprocessedWrites';
  constructor(readonly remaining: number) {
    super(`DynamoDB left ${remaining} batch writes unprocessed after ${BATCH_ATTEMPTS} attempts`);
  }
}

export class UnprocessedReadsError extends Error {
  override readonly name = 'UnprocessedReads';
  constructor(readonly remaining: number) {
    super(`DynamoDB left ${remaining} batch reads unprocessed after ${BATCH_ATTEMPTS} attempts`);
  }
}

type KeysAndAttributes = NonNullable<BatchGetCommandInput['RequestItems']>[string];

/** How `batchGet` reads: consistently or not, and optionally only some attributes. */
export interface BatchGetOptions {
  readonly consistent?: boolean;
  readonly projection?: string;
  readonly names?: Record<string, string>;
}

export class TableClient {
  readonly name: string;
  readonly documents: DynamoDBDocumentClient;

  constructor(settings: TableSettings) {
    this.name = settings.tableName;
    const clientConfig: DynamoDBClientConfig = {
      // One process may serve many concurrent requests (the local runtime serves every charger); the SDK's
      // default of 50 sockets would queue them. Harmless on Lambda.
      requestHandler: { httpAgent: { maxSockets: 512 }, httpsAgent: { maxSockets: 512 } },
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      ...(settings.region ? { region: settings.region } : {}),
      ...(settings.credentials ? { credentials: { ...settings.credentials } } : {}),
    };
    this.documents = DynamoDBDocumentClient.from(new DynamoDBClient(clientConfig), {
      marshallOptions: { removeUndefinedValues: true },
    });
    const onConsumed = settings.onConsumedCapacity;
    if (onConsumed) {
      this.documents.middlewareStack.add(
        (next, context) => async (args) => {
          (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'TOTAL';
          const result = await next(args);
          onConsumed(
            String(context.commandName ?? ''),
            (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity,
          );
          return result;
        },
        { step: 'initialize', name: 'csmsConsumedCapacity' },
      );
    }
  }

  get(input: WithoutTable<GetCommandInput>): Promise<GetCommandOutput> {
    return this.documents.send(new GetCommand({ TableName: this.name, ...input }));
  }

  put(input: WithoutTable<PutCommandInput>): Promise<PutCommandOutput> {
    return this.documents.send(new PutCommand({ TableName: this.name, ...input }));
  }

  update(input: WithoutTable<UpdateCommandInput>): Promise<UpdateCommandOutput> {
    return this.documents.send(new UpdateCommand({ TableName: this.name, ...input }));
  }

  delete(input: WithoutTable<DeleteCommandInput>): Promise<DeleteCommandOutput> {
    return this.documents.send(new DeleteCommand({ TableName: this.name, ...input }));
  }

  query(input: WithoutTable<QueryCommandInput>): Promise<QueryCommandOutput> {
    return this.documents.send(new QueryCommand({ TableName: this.name, ...input }));
  }

  /** One TransactWriteItems of a write set (or of items built without a table name). */
  async transact(writes: WriteSet | readonly TransactItemWithoutTable[]): Promise<void> {
    const items = Array.isArray(writes) ? writes : (writes as WriteSet).build().items;
    await this.documents.send(
      new TransactWriteCommand({ TransactItems: items.map((item) => this.withTable(item)) }),
    );
  }

  /** Adds the table name to one transaction item (for callers that map cancellation reasons themselves). */
  withTable(item: TransactItemWithoutTable): TransactItem {
    const entries = Object.entries(item).filter(([, body]) => body !== undefined);
    return Object.fromEntries(entries.map(([kind, body]) => [kind, { TableName: this.name, ...body }]));
  }

  /**
   * Writes any number of puts/deletes in batches of 25 (DynamoDB's limit). Items DynamoDB leaves unprocessed
   * under load are retried with exponential backoff and jitter; if some still remain, the call fails rather
   * than losing them silently.
   */
  async batchWrite(requests: readonly WriteRequest[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 25) {
      let batch = requests.slice(i, i + 25);
      for (let attempt = 0; batch.length > 0; attempt++) {
        if (attempt === BATCH_ATTEMPTS) throw new UnprocessedWritesError(batch.length);
        if (attempt > 0) await sleep(BATCH_BASE_DELAY_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
        const { UnprocessedItems } = await this.documents.send(
          new BatchWriteCommand({ RequestItems: { [this.name]: batch } }),
        );
        batch = UnprocessedItems?.[this.name] ?? [];
      }
    }
  }

  /**
   * Reads any number of items by key in batches of 100 (DynamoDB's limit), in no particular order; keys
   * without an item are simply absent from the answer. Keys DynamoDB leaves unprocessed under load are asked
   * again with exponential backoff and jitter; if some still remain, the call fails — an answer without them
   * would read as "those items do not exist".
   */
  async batchGet(
    keys: readonly ItemKey[],
    options: BatchGetOptions = {},
  ): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: KeysAndAttributes['Keys'] = keys.slice(i, i + 100).map((key) => ({ ...key }));
      for (let attempt = 0; pending && pending.length > 0; attempt++) {
        if (attempt === BATCH_ATTEMPTS) throw new UnprocessedReadsError(pending.length);
        if (attempt > 0) await sleep(BATCH_BASE_DELAY_MS * 2 ** (attempt - 1) * (0.5 + Math.random()));
        const request: KeysAndAttributes = {
          Keys: pending,
          ...(options.consistent ? { ConsistentRead: true } : {}),
          ...(options.projection ? { ProjectionExpression: options.projection } : {}),
          ...(options.names ? { ExpressionAttributeNames: options.names } : {}),
        };
        const { Responses, UnprocessedKeys } = await this.documents.send(
          new BatchGetCommand({ RequestItems: { [this.name]: request } }),
        );
        found.push(...(Responses?.[this.name] ?? []));
        pending = UnprocessedKeys?.[this.name]?.Keys;
      }
    }
    return found;
  }
}

/** A transaction item as write sets build it: the table name is added by `TableClient.transact`. */
export interface TransactItemWithoutTable {
  readonly Put?: Omit<NonNullable<TransactItem['Put']>, 'TableName'>;
  readonly Update?: Omit<NonNullable<TransactItem['Update']>, 'TableName'>;
  readonly Delete?: Omit<NonNullable<TransactItem['Delete']>, 'TableName'>;
  readonly ConditionCheck?: Omit<NonNullable<TransactItem['ConditionCheck']>, 'TableName'>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
