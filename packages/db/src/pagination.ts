import { ValidationError } from '@csms/core';

/**
 * Cursor pagination over DynamoDB queries. The cursor is the query's LastEvaluatedKey, opaque to clients
 * (base64url JSON). A cursor is only accepted back if every partition key in it belongs to the calling tenant,
 * so a forged cursor cannot start a query in another tenant's data.
 */
export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

export function encodeCursor(lastEvaluatedKey: Record<string, unknown> | undefined): string | null {
  return lastEvaluatedKey ? Buffer.from(JSON.stringify(lastEvaluatedKey)).toString('base64url') : null;
}

export function decodeCursor(
  cursor: string | undefined,
  tenantId: string,
): Record<string, unknown> | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  const invalid = () =>
    new ValidationError([{ field: 'cursor', in: 'query', message: 'Invalid or foreign cursor' }]);
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw invalid();
  const entries = Object.entries(key as Record<string, unknown>);
  const tenantPrefix = `T#${tenantId}`;
  const ownsEveryPartition = entries
    .filter(([name]) => name === 'pk' || name.endsWith('pk'))
    .every(
      ([, value]) =>
        typeof value === 'string' && (value === tenantPrefix || value.startsWith(`${tenantPrefix}#`)),
    );
  if (entries.length === 0 || !ownsEveryPartition || entries.some(([, v]) => typeof v !== 'string'))
    throw invalid();
  return key as Record<string, unknown>;
}
