import { ValidationError } from '../errors.ts';
import type { CostBreakdown, CostLine, CostUnit } from '../pricing/price-session.ts';
import type { Session } from '../session.ts';
import type { DocumentLine, DocumentParty, DocumentSession, InvoiceDraft } from './model.ts';
import { totalsOf, vatCategoryOf } from './totals.ts';

/**
 * A stopped session with its final cost (`priceSession`'s output): what a receipt or an invoice bills. Only
 * plain fields are read, so a breakdown that went through JSON (a Step Functions payload) works as well.
 */
export interface PricedSession {
  readonly session: Pick<Session, 'id' | 'chargePointId' | 'connectorId' | 'startedAt'> & {
    readonly stoppedAt?: string | undefined;
    readonly customerId?: string | undefined;
  };
  readonly cost: Pick<CostBreakdown, 'currency' | 'lines' | 'usage'>;
}

export interface DraftFromSessions {
  readonly kind: 'receipt' | 'invoice';
  readonly seller: DocumentParty;
  readonly buyer: DocumentParty;
  readonly customerId?: string | undefined;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly paymentTerms: string;
  readonly period?: { readonly start: string; readonly end: string } | undefined;
  readonly note?: string | undefined;
  readonly sessions: readonly PricedSession[];
  /** VAT rate of the zero line of a session that cost nothing (BR-16 wants a line; the tenant's default). */
  readonly defaultVatRate: string;
  /** Paid at issue (a receipt after the card capture): becomes BT-113 and the payment means. */
  readonly paid?: { readonly amount: number; readonly by: 'card' } | undefined;
}

/** UN/ECE Recommendation 20 codes of the pricing units. */
const UNIT_CODES: Readonly<Record<CostUnit, string>> = { kWh: 'KWH', h: 'HUR', min: 'MIN', session: 'C62' };

const LINE_NAMES: Readonly<Record<CostLine['type'], string>> = {
  ENERGY: 'Charging energy',
  TIME: 'Charging time',
  PARKING_TIME: 'Parking time',
  FLAT: 'Session fee',
  IDLE_FEE: 'Idle fee (occupancy after charging)',
  MIN_PRICE_ADJUSTMENT: 'Minimum price adjustment',
  MAX_PRICE_ADJUSTMENT: 'Maximum price adjustment',
};

/**
 * Builds the draft of a receipt (one session) or an invoice (a customer's month) from priced sessions: one
 * line per cost line, in session order, each pointing at its session; then the VAT breakdown and totals per
 * EN 16931 (see totals.ts). The draft has no number: numbers are assigned when it is finalised.
 */
export function documentFromPricedSessions(input: DraftFromSessions): InvoiceDraft {
  if (input.sessions.length === 0) {
    throw new ValidationError([
      { field: 'sessions', message: 'A document bills at least one session (BR-16)' },
    ]);
  }
  const currencies = new Set(input.sessions.map((s) => s.cost.currency));
  const [currency] = currencies;
  if (currencies.size !== 1 || currency === undefined) {
    throw new ValidationError([
      { field: 'sessions', message: `Sessions priced in several currencies: ${[...currencies].join(', ')}` },
    ]);
  }
  const ordered = [...input.sessions].sort(
    (a, b) =>
      a.session.startedAt.localeCompare(b.session.startedAt) || a.session.id.localeCompare(b.session.id),
  );
  const lines: DocumentLine[] = [];
  for (const priced of ordered) {
    for (const line of linesOfSession(priced, input.defaultVatRate)) {
      lines.push({ ...line, id: String(lines.length + 1) });
    }
  }
  const prepaid = input.paid?.amount ?? 0;
  const { totals, vatBreakdown } = totalsOf(lines, prepaid);
  return {
    kind: input.kind,
    currency,
    issueDate: input.issueDate,
    dueDate: input.dueDate,
    paymentTerms: input.paymentTerms,
    ...(input.note ? { note: input.note } : {}),
    seller: input.seller,
    buyer: input.buyer,
    ...(input.customerId ? { customerId: input.customerId } : {}),
    ...(input.period ? { period: input.period } : {}),
    sessions: ordered.map(documentSessionOf),
    lines,
    vatBreakdown,
    totals,
    ...(input.paid ? { paidBy: input.paid.by } : {}),
  };
}

function documentSessionOf({ session, cost }: PricedSession): DocumentSession {
  return {
    sessionId: session.id,
    chargePointId: session.chargePointId,
    connectorId: session.connectorId,
    startedAt: session.startedAt,
    ...(session.stoppedAt ? { stoppedAt: session.stoppedAt } : {}),
    energyWh: cost.usage.energyWh,
    durationSeconds: cost.usage.durationSeconds,
  };
}

function linesOfSession(priced: PricedSession, defaultVatRate: string): Omit<DocumentLine, 'id'>[] {
  const { session, cost } = priced;
  const common = {
    sessionId: session.id,
    description: describeSession(priced),
    ...(session.stoppedAt ? { period: { start: session.startedAt, end: session.stoppedAt } } : {}),
  };
  if (cost.lines.length === 0) {
    // A free session still appears on the document, with the energy it delivered at price 0.
    return [
      {
        ...common,
        type: 'SESSION',
        name: 'Charging session',
        quantity: kWh(cost.usage.energyWh),
        unitCode: 'KWH',
        unitPriceNet: '0',
        amountNet: 0,
        vatCategory: vatCategoryOf(defaultVatRate),
        vatRate: defaultVatRate,
      },
    ];
  }
  return cost.lines.map((line) => {
    // BR-27: a price is never negative, so a reducing line (max price) has a negative quantity instead.
    const reducing = line.amountNet < 0;
    const price = line.unitPriceNet.replace(/^-/, '');
    const quantity = line.quantity.replace(/^-/, '');
    return {
      ...common,
      type: line.type,
      name: LINE_NAMES[line.type],
      quantity: reducing ? `-${quantity}` : quantity,
      unitCode: UNIT_CODES[line.unit],
      unitPriceNet: price,
      amountNet: line.amountNet,
      vatCategory: vatCategoryOf(line.vatRate),
      vatRate: line.vatRate,
    };
  });
}

const kWh = (wh: number): string => String(Math.round(wh) / 1000);

/** "CP-1 connector 2, 2026-03-04 10:00–11:30 UTC, 12.345 kWh": what the driver recognises the session by. */
function describeSession({ session, cost }: PricedSession): string {
  const start = session.startedAt.slice(0, 16).replace('T', ' ');
  const stop = session.stoppedAt ? session.stoppedAt.slice(0, 16).replace('T', ' ') : '';
  const until = stop.slice(0, 10) === start.slice(0, 10) ? stop.slice(11) : stop;
  return `${session.chargePointId} connector ${session.connectorId}, ${start}–${until} UTC, ${kWh(cost.usage.energyWh)} kWh`;
}
