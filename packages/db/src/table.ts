/**
 * The single table's physical shape, shared by the SST stack and the local runtime's CreateTable so the two
 * can never drift. Key names are generic on purpose (single-table design): see `keys.ts` for what they hold.
 */
export const tableDefinition = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Epoch seconds; DynamoDB TTL deletes the item some time after (pending calls, idempotency records…). */
  ttlAttribute: 'expiresAt',
  globalIndexes: [{ indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' }],
} as const;
