import { paramError } from './errors.ts';
import type { Ledger } from './state.ts';

/** Fields whose id can be swapped for the object it names (`expand[]=payment_method`), and where to find it. */
const expandable: Record<string, (ledger: Ledger, id: string) => object | undefined> = {
  customer: (ledger, id) => ledger.customers.get(id),
  latest_charge: (ledger, id) => ledger.charges.get(id),
  payment_method: (ledger, id) => ledger.paymentMethods.get(id),
};

/** A copy of `object` with the requested fields expanded; Stripe refuses to expand anything else. */
export function expandFields<T extends object>(object: T, fields: readonly string[], ledger: Ledger): T {
  if (fields.length === 0) return object;
  const copy: Record<string, unknown> = { ...(object as Record<string, unknown>) };
  for (const field of fields) {
    const find = expandable[field];
    if (!find || !(field in copy)) throw paramError(`This property cannot be expanded (${field}).`, 'expand');
    const id = copy[field];
    if (typeof id === 'string') copy[field] = find(ledger, id) ?? id;
  }
  return copy as T;
}
