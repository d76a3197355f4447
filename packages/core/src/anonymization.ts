import { type Customer, canClose } from './customer.ts';
import type { Driver } from './driver.ts';
import { ConflictError } from './errors.ts';
import { blockIdToken, type IdToken } from './id-token.ts';

/**
 * GDPR erasure (A5): personal data is replaced by placeholders, neutral, obviously fake and still valid for
 * every schema, while ids and accounting records stay, so invoices, sessions and debts still add up and nobody
 * can be identified from them.
 */
export const ANONYMIZED = {
  customerName: 'Anonymized customer',
  driverName: 'Anonymized driver',
  vehicleLabel: 'Anonymized vehicle',
  /** `.invalid` is reserved (RFC 2606): no mail can ever be delivered there. */
  email: (customerId: string) => `anonymized-${customerId}@anonymized.invalid`,
  reason: 'Personal data erased on request (GDPR)',
} as const;

/**
 * GDPR erasure (A5): personal data is replaced by placeholders, marketing is switched off, and the account is
 * closed, since nobody can identify themselves as its holder any more. Ids, consent and Terms history (which
 * hold no personal data and prove lawful processing) and the debt figure stay for accounting.
 * Refused while debt is outstanding: collecting a claim is a legal ground to keep the debtor's identity
 * (GDPR Art. 17(3)(b) and (e)), exactly as closing is refused (A4). Applying it twice changes nothing.
 */
export function anonymizeCustomer(customer: Customer, now: Date): Customer {
  if (customer.anonymizedAt !== undefined) return customer;
  if (!canClose(customer)) {
    throw new ConflictError(
      `Customer ${customer.id} has outstanding debt; it cannot be anonymized until the debt is settled`,
    );
  }
  const at = now.toISOString();
  const {
    phone: _phone,
    address: _address,
    vatId: _vatId,
    statusReason: _reason,
    statusHistory,
    ...rest
  } = customer;
  const alreadyClosed = customer.status === 'closed';
  return {
    ...rest,
    name: ANONYMIZED.customerName,
    email: ANONYMIZED.email(customer.id),
    status: 'closed',
    // A free-text reason may name the person ("fraud by J. Doe"), so it goes too, also from the history.
    statusReason: ANONYMIZED.reason,
    statusHistory: [
      ...statusHistory.map(({ status, at: changedAt }) => ({ status, at: changedAt })),
      ...(alreadyClosed ? [] : [{ status: 'closed' as const, reason: ANONYMIZED.reason, at }]),
    ],
    closedAt: customer.closedAt ?? at,
    marketingOptIn: false,
    consentHistory: customer.marketingOptIn
      ? [...customer.consentHistory, { purpose: 'marketing', granted: false, at, source: 'anonymization' }]
      : customer.consentHistory,
    anonymizedAt: at,
    updatedAt: at,
  };
}

export function anonymizeDriver(driver: Driver, now: Date): Driver {
  if (driver.name === ANONYMIZED.driverName && driver.email === undefined) return driver;
  const { email: _email, ...rest } = driver;
  return { ...rest, name: ANONYMIZED.driverName, updatedAt: now.toISOString() };
}

/**
 * An erased customer's tokens are blocked for good; the idTag stays (it is the key of past sessions and no
 * longer points to a person), the vehicle's name goes.
 */
export function anonymizeIdToken(token: IdToken, now: Date): IdToken {
  const vehicleDone = token.vehicle === undefined || token.vehicle.label === ANONYMIZED.vehicleLabel;
  if (token.status === 'Blocked' && token.statusReason === ANONYMIZED.reason && vehicleDone) return token;
  const blocked = blockIdToken(token, ANONYMIZED.reason, now);
  return token.vehicle === undefined
    ? blocked
    : { ...blocked, vehicle: { ...token.vehicle, label: ANONYMIZED.vehicleLabel } };
}
