import { ValidationError } from '@csms/core';
import { decodeCursor } from './pagination.ts';

/**
 * A cursor turned back into a query's ExclusiveStartKey, checked against the exact key shape of that query.
 * `decodeCursor` proves the cursor belongs to the tenant; this also refuses a cursor of another listing (or a
 * hand-edited one), which DynamoDB would otherwise reject with a ValidationException, i.e. a 500.
 */
export function startKeyOf(
  cursor: string | undefined,
  tenantId: string,
  shape: Readonly<Record<string, (value: string) => boolean>>,
): Record<string, unknown> | undefined {
  const key = decodeCursor(cursor, tenantId);
  if (!key) return undefined;
  const names = Object.keys(key);
  const fits =
    names.length === Object.keys(shape).length &&
    names.every((name) => {
      const accepts = shape[name];
      const value = key[name];
      return accepts !== undefined && typeof value === 'string' && accepts(value);
    });
  if (!fits)
    throw new ValidationError([{ field: 'cursor', in: 'query', message: 'Invalid or foreign cursor' }]);
  return key;
}
