import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDbLocal, startDynamoDbLocal } from '@csms/local/dynamodb-local';
import { afterAll, beforeAll } from 'vitest';
import { createTable } from '../../src/create-table.ts';
import { createRepositories, type Repositories } from '../../src/repositories.ts';
import { TableClient, type TableSettings } from '../../src/table/table-client.ts';

/**
 * One DynamoDB Local per test file: in memory, on a free loopback port, with the table created as the stack
 * declares it. Nothing leaves loopback: the endpoint, region and placeholder credentials are all given, so the
 * SDK never looks for a regional endpoint or instance metadata.
 */
const HOST = '127.0.0.1';
const TABLE_NAME = 'csms-test';
const CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface LocalTable {
  /** What the product sees of storage. */
  readonly repositories: Repositories;
  /** The raw table, for asserting stored items the repositories do not expose. */
  readonly table: TableClient;
  readonly endpoint: string;
}

/** Starts DynamoDB Local before the file's tests and stops it after them; read the result inside tests only. */
export function useDynamoDbLocal(): LocalTable {
  let dynamo: DynamoDbLocal | undefined;
  let started: LocalTable | undefined;

  beforeAll(async () => {
    dynamo = await startDynamoDbLocal({ host: HOST });
    const settings: TableSettings = {
      tableName: TABLE_NAME,
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: CREDENTIALS,
    };
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'us-east-1',
      credentials: CREDENTIALS,
    });
    try {
      await createTable(client, TABLE_NAME);
    } finally {
      client.destroy();
    }
    started = {
      repositories: createRepositories(settings),
      table: new TableClient(settings),
      endpoint: dynamo.endpoint,
    };
  });

  afterAll(async () => {
    await dynamo?.stop();
  });

  const current = (): LocalTable => {
    if (!started) throw new Error('DynamoDB Local is not running: use it inside a test or hook');
    return started;
  };
  return {
    get repositories() {
      return current().repositories;
    },
    get table() {
      return current().table;
    },
    get endpoint() {
      return current().endpoint;
    },
  };
}

/** A tenant id of its own for each test, so tests in one file never see each other's items. */
let tenantCount = 0;
export const freshTenant = (label: string): string => `${label}-${++tenantCount}-${Date.now().toString(36)}`;
