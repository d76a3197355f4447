import { describe, expect, it } from 'vitest';
import {
  creditNoteDraft,
  documentFromPricedSessions,
  documentIdFor,
  formatDocumentNumber,
  isDocumentId,
  periodBounds,
  seriesOf,
  totalsOf,
} from '../../src/invoicing/index.ts';
import { aTariff, element, energy, flat, time } from '../pricing/builders.ts';
import { buyer, finalised, pricedSession, seller } from './fixtures.ts';

const base = {
  seller,
  buyer,
  customerId: 'c1',
  issueDate: '2026-03-31',
  dueDate: '2026-04-14',
  paymentTerms: 'Payable within 14 days',
  defaultVatRate: '19',
} as const;

const tariff = aTariff({
  vatRate: '19',
  elements: [element([energy('0.39'), time('1.20'), flat('0.50')])],
});

describe('documentFromPricedSessions: lines from the priced CostBreakdown', () => {
  it('makes one line per cost line, pointing at its session, with UN/ECE units and the session period', () => {
    const priced = pricedSession('ses-a', '2026-03-04T10:00:00Z', [{ minutes: 90, kw: 11 }], tariff);
    const draft = documentFromPricedSessions({ ...base, kind: 'receipt', sessions: [priced] });
    expect(draft.lines.map((l) => [l.id, l.type, l.unitCode, l.sessionId])).toEqual([
      ['1', 'FLAT', 'C62', 'ses-a'],
      ['2', 'ENERGY', 'KWH', 'ses-a'],
      ['3', 'TIME', 'HUR', 'ses-a'],
    ]);
    const energyLine = draft.lines[1]!;
    expect(energyLine.quantity).toBe('16.5');
    expect(energyLine.amountNet).toBe(644); // 16.5 kWh × 0.39 = 6.435 → 6.44
    expect(energyLine.vatCategory).toBe('S');
    expect(energyLine.period).toEqual({ start: '2026-03-04T10:00:00.000Z', end: '2026-03-04T11:30:00.000Z' });
    expect(energyLine.description).toBe('CP-1 connector 1, 2026-03-04 10:00–11:30 UTC, 16.5 kWh');
    expect(draft.sessions).toEqual([
      expect.objectContaining({ sessionId: 'ses-a', energyWh: 16_500, durationSeconds: 5400 }),
    ]);
    // A receipt of one session has the session's own totals.
    expect(draft.totals.taxInclusive).toBe(priced.cost.totalGross);
    expect(draft.totals.vat).toBe(priced.cost.totalVat);
  });

  it('BR-CO-17: an invoice computes VAT once per rate on the summed lines, not as the sum of receipts', () => {
    // Three sessions of 0.03 net at 19 %: 0.0057 → 0.01 VAT per receipt (0.03 summed); once on the invoice's
    // 0.09 → 0.0171 → 0.02.
    const cheap = aTariff({ vatRate: '19', elements: [element([flat('0.03')])] });
    const sessions = [1, 2, 3].map((i) =>
      pricedSession(`ses-${i}`, `2026-03-0${i}T08:00:00Z`, [{ minutes: 10, kw: 3 }], cheap),
    );
    const draft = documentFromPricedSessions({ ...base, kind: 'invoice', sessions });
    expect(sessions.reduce((sum, s) => sum + s.cost.totalVat, 0)).toBe(3);
    expect(draft.vatBreakdown).toEqual([{ category: 'S', rate: '19', taxableAmount: 9, vatAmount: 2 }]);
    expect(draft.totals).toEqual({
      lineNet: 9,
      taxExclusive: 9,
      vat: 2,
      taxInclusive: 11,
      prepaid: 0,
      payable: 11,
    });
  });

  it('groups VAT per category and rate: a 0 % tariff is zero rated (Z)', () => {
    const zero = aTariff({ vatRate: '0', elements: [element([flat('1.00')])] });
    const sessions = [
      pricedSession('ses-1', '2026-03-01T08:00:00Z', [{ minutes: 10, kw: 3 }], tariff),
      pricedSession('ses-2', '2026-03-02T08:00:00Z', [{ minutes: 10, kw: 3 }], zero),
    ];
    const draft = documentFromPricedSessions({ ...base, kind: 'invoice', sessions });
    expect(draft.vatBreakdown.map((e) => [e.category, e.rate])).toEqual([
      ['S', '19'],
      ['Z', '0'],
    ]);
    expect(draft.vatBreakdown[1]).toMatchObject({ taxableAmount: 100, vatAmount: 0 });
  });

  it('BR-27: the negative max-price adjustment keeps a positive price and a negative quantity', () => {
    const capped = aTariff({ vatRate: '19', maxPrice: '2.00', elements: [element([energy('0.50')])] });
    const priced = pricedSession('ses-cap', '2026-03-04T10:00:00Z', [{ minutes: 60, kw: 11 }], capped);
    const draft = documentFromPricedSessions({ ...base, kind: 'receipt', sessions: [priced] });
    const adjustment = draft.lines.find((l) => l.type === 'MAX_PRICE_ADJUSTMENT')!;
    expect(adjustment).toMatchObject({ quantity: '-1', unitPriceNet: '3.50', amountNet: -350 });
    expect(draft.totals.lineNet).toBe(200);
  });

  it('BR-16: a free session still appears as a zero line with its energy; no session at all is refused', () => {
    const free = aTariff({ elements: [element([energy('0')])] });
    const priced = pricedSession('ses-free', '2026-03-04T10:00:00Z', [{ minutes: 30, kw: 4 }], free);
    const withoutLines = { ...priced, cost: { ...priced.cost, lines: [] } };
    const draft = documentFromPricedSessions({ ...base, kind: 'receipt', sessions: [withoutLines] });
    expect(draft.lines).toEqual([
      expect.objectContaining({
        type: 'SESSION',
        quantity: '2',
        amountNet: 0,
        vatRate: '19',
        vatCategory: 'S',
      }),
    ]);
    expect(() => documentFromPricedSessions({ ...base, kind: 'invoice', sessions: [] })).toThrow(/BR-16/);
  });

  it('refuses sessions priced in different currencies', () => {
    const chf = aTariff({ currency: 'CHF' });
    const sessions = [
      pricedSession('ses-1', '2026-03-01T08:00:00Z', [{ minutes: 10, kw: 3 }]),
      pricedSession('ses-2', '2026-03-02T08:00:00Z', [{ minutes: 10, kw: 3 }], chf),
    ];
    expect(() => documentFromPricedSessions({ ...base, kind: 'invoice', sessions })).toThrow(/currencies/);
  });

  it('orders sessions by start, and a paid receipt has nothing left to pay (BR-CO-16)', () => {
    const late = pricedSession('ses-late', '2026-03-09T08:00:00Z', [{ minutes: 10, kw: 3 }], tariff);
    const early = pricedSession('ses-early', '2026-03-01T08:00:00Z', [{ minutes: 10, kw: 3 }], tariff);
    const invoice = documentFromPricedSessions({ ...base, kind: 'invoice', sessions: [late, early] });
    expect(invoice.sessions.map((s) => s.sessionId)).toEqual(['ses-early', 'ses-late']);
    const receipt = documentFromPricedSessions({
      ...base,
      kind: 'receipt',
      sessions: [early],
      paid: { amount: early.cost.totalGross, by: 'card' },
    });
    expect(receipt.totals.prepaid).toBe(early.cost.totalGross);
    expect(receipt.totals.payable).toBe(0);
    expect(receipt.paidBy).toBe('card');
  });
});

describe('credit notes (N4)', () => {
  const sessions = [
    pricedSession('ses-1', '2026-03-01T08:00:00Z', [{ minutes: 60, kw: 11 }], tariff),
    pricedSession('ses-2', '2026-03-02T08:00:00Z', [{ minutes: 30, kw: 22 }], tariff),
  ];
  const invoice = finalised(
    documentFromPricedSessions({ ...base, kind: 'invoice', sessions, period: periodBounds('2026-03') }),
    'I-2026-000001',
  );

  it('reverses a whole document with the same amounts, referencing it as the preceding invoice', () => {
    const note = creditNoteDraft(invoice, { reason: 'Wrong tariff', issueDate: '2026-04-02' });
    expect(note.kind).toBe('credit-note');
    expect(note.totals).toEqual(invoice.totals);
    expect(note.lines.length).toBe(invoice.lines.length);
    expect(note.precedingDocument).toEqual({
      id: invoice.id,
      number: 'I-2026-000001',
      issueDate: '2026-03-31',
    });
    expect(note.note).toBe('Wrong tariff');
    expect(note.sessions.map((s) => s.sessionId)).toEqual(['ses-1', 'ses-2']);
  });

  it('credits chosen lines whole or in part, as one-unit correction lines', () => {
    const energyOfFirst = invoice.lines.find((l) => l.type === 'ENERGY' && l.sessionId === 'ses-1')!;
    const note = creditNoteDraft(invoice, {
      reason: 'Meter fault',
      issueDate: '2026-04-02',
      lines: [{ lineId: energyOfFirst.id, amountNet: 100 }, { lineId: invoice.lines[0]!.id }],
    });
    expect(note.lines[0]).toMatchObject({
      id: '1',
      type: 'CORRECTION',
      quantity: '1',
      unitCode: 'C62',
      unitPriceNet: '1.00',
      amountNet: 100,
      sessionId: 'ses-1',
    });
    expect(note.lines[1]).toMatchObject({ id: '2', amountNet: invoice.lines[0]!.amountNet });
    expect(note.sessions.map((s) => s.sessionId)).toEqual(['ses-1']);
  });

  it('refuses unknown, repeated or oversized lines and crediting a credit note', () => {
    const reason = { reason: 'x', issueDate: '2026-04-02' };
    expect(() => creditNoteDraft(invoice, { ...reason, lines: [{ lineId: '99' }] })).toThrow(/No line 99/);
    expect(() => creditNoteDraft(invoice, { ...reason, lines: [{ lineId: '1' }, { lineId: '1' }] })).toThrow(
      /twice/,
    );
    const line = invoice.lines[1]!;
    expect(() =>
      creditNoteDraft(invoice, { ...reason, lines: [{ lineId: line.id, amountNet: line.amountNet + 1 }] }),
    ).toThrow(/part of the line/);
    const note = finalised(creditNoteDraft(invoice, reason), 'C-2026-000001');
    expect(() => creditNoteDraft(note, reason)).toThrow(/is a credit note/);
  });
});

describe('numbering and ids', () => {
  it('numbers per kind and year of issue, six digits, growing past a million', () => {
    expect(seriesOf('receipt', '2026-12-31')).toBe('R-2026');
    expect(seriesOf('invoice', '2027-01-01')).toBe('I-2027');
    expect(seriesOf('credit-note', '2026-05-05')).toBe('C-2026');
    expect(formatDocumentNumber('R-2026', 123)).toBe('R-2026-000123');
    expect(formatDocumentNumber('I-2026', 1_234_567)).toBe('I-2026-1234567');
  });

  it('derives a stable id per tenant and source', () => {
    const id = documentIdFor('t1', 'receipt:ses-1');
    expect(isDocumentId(id)).toBe(true);
    expect(documentIdFor('t1', 'receipt:ses-1')).toBe(id);
    expect(documentIdFor('t2', 'receipt:ses-1')).not.toBe(id);
    expect(isDocumentId('doc-../../x')).toBe(false);
  });

  it('knows the last day of every month', () => {
    expect(periodBounds('2028-02')).toEqual({ start: '2028-02-01', end: '2028-02-29' });
    expect(periodBounds('2026-02')).toEqual({ start: '2026-02-01', end: '2026-02-28' });
    expect(periodBounds('2026-12').end).toBe('2026-12-31');
    expect(() => periodBounds('2026-13')).toThrow();
  });
});

describe('totals per EN 16931 (BR-CO-10 … BR-CO-17)', () => {
  it('sums lines, breakdown and totals exactly, negative lines included', () => {
    const lines = [
      { amountNet: 1234, vatCategory: 'S' as const, vatRate: '19' },
      { amountNet: -34, vatCategory: 'S' as const, vatRate: '19.00' },
      { amountNet: 500, vatCategory: 'S' as const, vatRate: '7' },
    ];
    const { totals, vatBreakdown } = totalsOf(lines, 100);
    expect(vatBreakdown).toEqual([
      { category: 'S', rate: '19', taxableAmount: 1200, vatAmount: 228 },
      { category: 'S', rate: '7', taxableAmount: 500, vatAmount: 35 },
    ]);
    expect(totals).toEqual({
      lineNet: 1700,
      taxExclusive: 1700,
      vat: 263,
      taxInclusive: 1963,
      prepaid: 100,
      payable: 1863,
    });
  });
});
