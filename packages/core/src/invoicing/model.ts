import type { MinorUnits } from '../pricing/money.ts';
import type { CostLineType } from '../pricing/price-session.ts';

/**
 * The one internal model behind every billing document (N2–N4): receipts (an individual's session), invoices
 * (a company's month) and credit notes (corrections). It carries what EN 16931 asks of an invoice, named
 * after its business terms (BT-n) so the UBL, PDF and CSV renderings are mere projections of it. Amounts are
 * integer minor units of `currency`; dates are `YYYY-MM-DD`; instants are ISO 8601 UTC.
 */
export const documentKinds = ['receipt', 'invoice', 'credit-note'] as const;
export type DocumentKind = (typeof documentKinds)[number];

/**
 * `issued`: open; `paid`: settled (card capture, transfer); `credited`: fully reversed by credit notes.
 * The document itself never changes after issue; only this status and the payment/credit figures do.
 */
export const documentStatuses = ['issued', 'paid', 'credited'] as const;
export type DocumentStatus = (typeof documentStatuses)[number];

/** UNCL 5305 VAT categories we issue: S = standard rated, Z = zero rated (a 0 % tariff). */
export type VatCategory = 'S' | 'Z';

/** BG-5 / BG-8. Only the country is certain: a consumer may have left no address (then the tenant's country). */
export interface DocumentAddress {
  readonly line1?: string;
  readonly line2?: string;
  readonly postalCode?: string;
  readonly city?: string;
  /** ISO 3166-1 alpha-2 (BT-40 / BT-55). */
  readonly country: string;
}

/** Seller (BG-4) or buyer (BG-7), as they were at issue: later changes to the tenant or customer don't alter it. */
export interface DocumentParty {
  /** BT-27 / BT-44: legal name. */
  readonly name: string;
  readonly address: DocumentAddress;
  /** BT-31 / BT-48. */
  readonly vatId?: string;
  /** Electronic address (BT-34 / BT-49, scheme EM) and contact e-mail. */
  readonly email?: string;
}

/** The charging session a line bills, as the PDF and the statement show it (N1: energy, duration). */
export interface DocumentSession {
  readonly sessionId: string;
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly startedAt: string;
  readonly stoppedAt?: string;
  /** Energy billed, Wh, from the station's meter (S2). */
  readonly energyWh: number;
  readonly durationSeconds: number;
}

/** A line (BG-25). `type` tells which part of a session's cost it is; `CORRECTION` is a partial credit. */
export interface DocumentLine {
  /** BT-126: "1", "2", … in document order. */
  readonly id: string;
  /** BT-128: the session this line bills. */
  readonly sessionId?: string;
  readonly type: CostLineType | 'SESSION' | 'CORRECTION';
  /** BT-153 item name. */
  readonly name: string;
  /** BT-154 item description. */
  readonly description?: string;
  /** BT-129, decimal string; negative for a reducing line (BR-27 forbids a negative price instead). */
  readonly quantity: string;
  /** BT-130, UN/ECE Recommendation 20 (KWH, HUR, MIN, C62). */
  readonly unitCode: string;
  /** BT-146, net, never negative. */
  readonly unitPriceNet: string;
  /** BT-131. */
  readonly amountNet: MinorUnits;
  /** BT-151 / BT-152. */
  readonly vatCategory: VatCategory;
  readonly vatRate: string;
  /** BG-26: the session's start and stop instants. */
  readonly period?: { readonly start: string; readonly end: string };
}

/** BG-23: one entry per VAT category and rate. */
export interface DocumentVatEntry {
  readonly category: VatCategory;
  readonly rate: string;
  /** BT-116: sum of the net line amounts in this category and rate. */
  readonly taxableAmount: MinorUnits;
  /** BT-117: taxable amount × rate, rounded once. */
  readonly vatAmount: MinorUnits;
}

/** BG-22. No document-level allowances or charges are issued, so BT-107/BT-108 are 0 and left out. */
export interface DocumentTotals {
  /** BT-106: sum of line net amounts (BR-CO-10). */
  readonly lineNet: MinorUnits;
  /** BT-109 (BR-CO-13). */
  readonly taxExclusive: MinorUnits;
  /** BT-110: sum of the breakdown's VAT amounts (BR-CO-14). */
  readonly vat: MinorUnits;
  /** BT-112 = BT-109 + BT-110 (BR-CO-15). */
  readonly taxInclusive: MinorUnits;
  /** BT-113: already paid at issue (a receipt settled by card). */
  readonly prepaid: MinorUnits;
  /** BT-115 = BT-112 − BT-113 (BR-CO-16). */
  readonly payable: MinorUnits;
}

/** BG-3: the invoice a credit note corrects. */
export interface PrecedingDocument {
  readonly id: string;
  readonly number: string;
  readonly issueDate: string;
}

/** A document before finalisation: complete except for its id and number, which are assigned together. */
export interface InvoiceDraft {
  readonly kind: DocumentKind;
  /** BT-5. */
  readonly currency: string;
  /** BT-2. */
  readonly issueDate: string;
  /** BT-9. */
  readonly dueDate: string;
  /** BT-20. */
  readonly paymentTerms: string;
  /** BT-22, e.g. the reason of a credit note. */
  readonly note?: string;
  readonly seller: DocumentParty;
  readonly buyer: DocumentParty;
  /** The customer record the buyer was taken from; absent for a session nobody could be matched to. */
  readonly customerId?: string;
  /** BG-14: the billed month of an invoice. */
  readonly period?: { readonly start: string; readonly end: string };
  readonly sessions: readonly DocumentSession[];
  readonly lines: readonly DocumentLine[];
  readonly vatBreakdown: readonly DocumentVatEntry[];
  readonly totals: DocumentTotals;
  readonly precedingDocument?: PrecedingDocument;
  /** How a receipt was paid at issue (BG-16: card → UNCL 4461 code 48). */
  readonly paidBy?: 'card';
}

/** A finalised document: numbered, immutable but for its status and payment/credit figures. */
export interface InvoiceDocument extends InvoiceDraft {
  readonly id: string;
  /** BT-1, gap-free per tenant and series, e.g. `I-2026-000042` (see README.md). */
  readonly number: string;
  readonly series: string;
  readonly status: DocumentStatus;
  readonly issuedAt: string;
  readonly paidAt?: string;
  readonly paidAmount?: MinorUnits;
  /** Gross amount credited by credit notes so far. */
  readonly creditedGross: MinorUnits;
}
