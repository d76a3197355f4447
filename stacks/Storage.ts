import { tableDefinition } from '@csms/db';
import { RemovalPolicy } from 'aws-cdk-lib';
import { BillingMode } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { type StackContext, Table } from 'sst/constructs';

/**
 * The single DynamoDB table and the finance exports bucket.
 *
 * The table: Its shape comes from `packages/db/src/table.ts`, the same definition the local
 * runtime's CreateTable uses, so DynamoDB Local and AWS cannot drift apart.
 */
export function Storage({ stack }: StackContext) {
  const { partitionKey, sortKey, ttlAttribute, globalIndexes } = tableDefinition;
  const keyAttributes = [partitionKey, sortKey, ...globalIndexes.flatMap((i) => [i.partitionKey, i.sortKey])];

  const table = new Table(stack, 'Table', {
    // Only key attributes are declared: DynamoDB is schemaless for everything else. All keys are strings.
    fields: Object.fromEntries(keyAttributes.map((name) => [name, 'string' as const])),
    primaryIndex: { partitionKey, sortKey },
    globalIndexes: Object.fromEntries(
      globalIndexes.map((index) => [
        index.indexName,
        // ALL, like the local CreateTable: access patterns read whole items from the index.
        { partitionKey: index.partitionKey, sortKey: index.sortKey, projection: 'all' as const },
      ]),
    ),
    timeToLiveAttribute: ttlAttribute,
    // Both images, so a future consumer (audit log, analytics export) can diff old and new without a read.
    stream: 'new_and_old_images',
    // On-demand: OCPP traffic is bursty (mass reconnects after an outage). SST already turns point-in-time
    // recovery on for tables it creates (it sets the flag itself, so passing it here would clash), and CDK's
    // default removal policy for a table is RETAIN: `sst remove` never deletes charging data.
    cdk: { table: { billingMode: BillingMode.PAY_PER_REQUEST } },
  });

  // Finance exports (`invoices/<tenant>/<period>/<stamp>.<ext>`, packages/functions/src/adapters/export-store.ts):
  // private, SSE-S3 (the writer asks for AES256 explicitly), TLS only, kept when the stack is removed.
  const exportsBucket = new Bucket(stack, 'ExportsBucket', {
    encryption: BucketEncryption.S3_MANAGED,
    blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
    objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  stack.addOutputs({ TableName: table.tableName, ExportsBucketName: exportsBucket.bucketName });
  return { table, exportsBucket };
}
