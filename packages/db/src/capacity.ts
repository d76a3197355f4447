import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Consumed DynamoDB capacity, attributed to a label (e.g. the OCPP action being handled) through
 * AsyncLocalStorage, so concurrent messages are counted apart without threading a parameter everywhere.
 */
export interface CapacityTotals {
  readCapacityUnits: number;
  writeCapacityUnits: number;
  calls: number;
}

const currentLabel = new AsyncLocalStorage<string>();
const totals = new Map<string, CapacityTotals>();

export function withCapacityLabel<T>(label: string, work: () => Promise<T>): Promise<T> {
  return currentLabel.run(label, work);
}

interface ConsumedCapacityShape {
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
  CapacityUnits?: number;
}

const WRITE_COMMANDS = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

export function recordConsumedCapacity(commandName: string, consumed: unknown): void {
  const label = currentLabel.getStore();
  if (label === undefined || consumed === undefined) return;
  const entries = (Array.isArray(consumed) ? consumed : [consumed]) as ConsumedCapacityShape[];
  const sum = totals.get(label) ?? { readCapacityUnits: 0, writeCapacityUnits: 0, calls: 0 };
  const isWrite = WRITE_COMMANDS.test(commandName);
  for (const entry of entries) {
    // With ReturnConsumedCapacity TOTAL only CapacityUnits is reliably present; the command says which kind.
    const units = entry.CapacityUnits ?? (isWrite ? entry.WriteCapacityUnits : entry.ReadCapacityUnits) ?? 0;
    if (isWrite) sum.writeCapacityUnits += units;
    else sum.readCapacityUnits += units;
  }
  sum.calls += 1;
  totals.set(label, sum);
}

export function capacityTotals(): ReadonlyMap<string, Readonly<CapacityTotals>> {
  return totals;
}

export function resetCapacityTotals(): void {
  totals.clear();
}
