import type { ItemKey } from './keys.ts';
import type { TableClient, TransactItemWithoutTable } from './table/table-client.ts';

/** A transaction item without its table name: `TableClient.transact` adds it. */
export type TransactItem = TransactItemWithoutTable;

/**
 * The writes of one TransactWriteItems call. DynamoDB refuses a transaction that names the same item twice,
 * so every change to an item (a ledger balance, a counter, a status) is gathered into one UpdateItem per key
 * here, with its conditions. Each item may say which error its failed condition means.
 */
export class ItemUpdate {
  private readonly sets: string[] = [];
  private readonly adds: string[] = [];
  private readonly removes: string[] = [];
  private readonly conditions: string[] = [];
  private readonly assigned = new Set<string>();
  private readonly names: Record<string, string> = {};
  private readonly values: Record<string, unknown> = {};
  private count = 0;
  failure: (() => Error) | undefined;

  constructor(readonly key: ItemKey) {}

  /** A placeholder for an attribute name (any characters allowed in the name itself). */
  name(attribute: string): string {
    const existing = Object.entries(this.names).find(([, value]) => value === attribute)?.[0];
    if (existing) return existing;
    const placeholder = `#n${this.count++}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  value(value: unknown): string {
    const placeholder = `:v${this.count++}`;
    this.values[placeholder] = value;
    return placeholder;
  }

  add(attribute: string, delta: number | Set<string>): this {
    this.adds.push(`${this.name(attribute)} ${this.value(delta)}`);
    return this;
  }

  /** `expression` may use `name()`/`value()` placeholders, e.g. `list_append(if_not_exists(#n0, :v1), :v2)`. */
  setExpression(attribute: string, expression: string): this {
    if (this.assigned.has(attribute)) throw new Error(`${attribute} is set twice in one update`);
    this.assigned.add(attribute);
    this.sets.push(`${this.name(attribute)} = ${expression}`);
    return this;
  }

  set(attribute: string, value: unknown): this {
    return this.setExpression(attribute, this.value(value));
  }

  setIfNotExists(attribute: string, value: unknown): this {
    if (this.assigned.has(attribute)) return this;
    const name = this.name(attribute);
    return this.setExpression(attribute, `if_not_exists(${name}, ${this.value(value)})`);
  }

  remove(attribute: string): this {
    this.removes.push(this.name(attribute));
    return this;
  }

  condition(expression: string): this {
    this.conditions.push(`(${expression})`);
    return this;
  }

  failsWith(failure: () => Error): this {
    this.failure = failure;
    return this;
  }

  toTransactItem(): TransactItem {
    const parts = [
      this.sets.length ? `SET ${this.sets.join(', ')}` : '',
      this.adds.length ? `ADD ${this.adds.join(', ')}` : '',
      this.removes.length ? `REMOVE ${this.removes.join(', ')}` : '',
    ].filter(Boolean);
    if (parts.length === 0) {
      // Only conditions: a ConditionCheck.
      return {
        ConditionCheck: {
          Key: { ...this.key },
          ConditionExpression: this.conditions.join(' AND '),
          ExpressionAttributeNames: this.names,
          ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
        },
      };
    }
    return {
      Update: {
        Key: { ...this.key },
        UpdateExpression: parts.join(' '),
        ...(this.conditions.length ? { ConditionExpression: this.conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: this.names,
        ...(Object.keys(this.values).length ? { ExpressionAttributeValues: this.values } : {}),
      },
    };
  }
}

interface PutWrite {
  readonly item: Record<string, unknown> & ItemKey;
  readonly condition?: string;
  readonly failure?: () => Error;
}

export class WriteSet {
  private readonly updates = new Map<string, ItemUpdate>();
  private readonly puts: PutWrite[] = [];

  update(key: ItemKey): ItemUpdate {
    const id = `${key.pk}\u0000${key.sk}`;
    let update = this.updates.get(id);
    if (!update) {
      update = new ItemUpdate(key);
      this.updates.set(id, update);
    }
    return update;
  }

  put(item: Record<string, unknown> & ItemKey, condition?: string, failure?: () => Error): this {
    this.puts.push({ item, ...(condition ? { condition } : {}), ...(failure ? { failure } : {}) });
    return this;
  }

  /** The items in order (puts first), with the error each one's failed condition means. */
  build(): { items: TransactItem[]; failures: ((() => Error) | undefined)[] } {
    const items: TransactItem[] = [];
    const failures: ((() => Error) | undefined)[] = [];
    for (const put of this.puts) {
      items.push({
        Put: {
          Item: put.item,
          ...(put.condition ? { ConditionExpression: put.condition } : {}),
        },
      });
      failures.push(put.failure);
    }
    for (const update of this.updates.values()) {
      items.push(update.toTransactItem());
      failures.push(update.failure);
    }
    return { items, failures };
  }
}

/** Writes a set without a ledger transaction (a voucher that leaves the expiry index with nothing left). */
export async function executeWrites(table: TableClient, writes: WriteSet): Promise<void> {
  await table.transact(writes);
}
