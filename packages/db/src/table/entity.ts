import type * as z from 'zod';
import type { ItemKey } from '../keys.ts';

/**
 * One typed mapping per item type of the single table: how a value becomes an item (keys, index keys, the
 * `type` attribute) and how an item read back becomes a value again — parsed by the entity's zod schema, so
 * every attribute a read returns is declared and typed, and an item that does not fit fails loudly here rather
 * than deep inside a use case. A small layer of our own rather than an ORM: the repositories keep writing the
 * exact conditional expressions DynamoDB needs (ledger balances, counters, status guards), which is where the
 * single-table design lives; what they lacked was one checked way in and out of an item.
 */
export interface EntityDefinition<Schema extends z.ZodType, Place = void> {
  /** The item's `type` attribute (what kind of item this is in the table). */
  readonly type: string;
  /** Every attribute of the stored value. Keys and index keys are not part of it. */
  readonly schema: Schema;
  /**
   * The item's key. Where the key is not a function of the value alone — a meter sample's place in its batch,
   * a document part's name — it also takes that `place`, which writing gives and reading never needs.
   */
  readonly key: (value: z.output<Schema>, place: Place) => ItemKey;
  /** The `gsi1` keys, when the item is on the index. */
  readonly index?: (value: z.output<Schema>) => { readonly gsi1pk: string; readonly gsi1sk: string };
  /** Attributes stored beside the value for queries and filters (e.g. a lower-cased e-mail). */
  readonly derived?: (value: z.output<Schema>) => Record<string, unknown>;
  /** Value attribute → stored attribute, where a name is taken by the table (e.g. `type` → `customerType`). */
  readonly renamed?: Readonly<Record<string, string>>;
}

/** Attributes of the table itself, never part of a value. */
const TABLE_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'type'] as const;

export class ItemShapeError extends Error {
  override readonly name = 'ItemShapeError';
}

export interface Entity<Schema extends z.ZodType, Place = void> {
  readonly type: string;
  readonly schema: Schema;
  key(value: z.output<Schema>, place: Place): ItemKey;
  /** The whole item to put. */
  toItem(value: z.output<Schema>, place: Place): Record<string, unknown> & ItemKey;
  /** An item read back, checked against the schema. */
  fromItem(item: Record<string, unknown>): z.output<Schema>;
  /** `fromItem` for an optional read. */
  fromOptional(item: Record<string, unknown> | undefined): z.output<Schema> | undefined;
}

export function defineEntity<Schema extends z.ZodType, Place = void>(
  definition: EntityDefinition<Schema, Place>,
): Entity<Schema, Place> {
  const renamed = Object.entries(definition.renamed ?? {});
  const entity: Entity<Schema, Place> = {
    type: definition.type,
    schema: definition.schema,
    key: definition.key,
    toItem(value, place) {
      const attributes: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      for (const [from, to] of renamed) {
        if (from in attributes) {
          attributes[to] = attributes[from];
          delete attributes[from];
        }
      }
      return {
        ...attributes,
        ...definition.derived?.(value),
        ...definition.index?.(value),
        ...definition.key(value, place),
        type: definition.type,
      };
    },
    fromItem(item) {
      const attributes: Record<string, unknown> = { ...item };
      for (const name of TABLE_ATTRIBUTES) delete attributes[name];
      for (const [from, to] of renamed) {
        if (to in attributes) {
          attributes[from] = attributes[to];
          delete attributes[to];
        }
      }
      // zod objects drop attributes they do not declare, derived ones included: the value is exactly the schema.
      return parseWith(definition.schema, attributes, `${definition.type} item ${where(item)}`);
    },
    fromOptional(item) {
      return item === undefined ? undefined : entity.fromItem(item);
    },
  };
  return entity;
}

const where = (item: Record<string, unknown>) => `${String(item.pk)} / ${String(item.sk)}`;

function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.message}`);
    throw new ItemShapeError(`${what} does not fit its schema: ${issues.join('; ')}`);
  }
  return parsed.data;
}

/**
 * A read that is not a whole item — a projection, or the attributes an update returned (`UPDATED_OLD`, a
 * counter's new value) — checked against a schema of just those attributes, failing as `fromItem` does.
 * `what` names the read in the error (e.g. `Counter DOCNO#I-2025 value`).
 */
export function parseAttributes<Schema extends z.ZodType>(
  what: string,
  schema: Schema,
  attributes: Record<string, unknown> | undefined,
): z.output<Schema> {
  return parseWith(schema, attributes ?? {}, what);
}
