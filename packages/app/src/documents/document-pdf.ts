import {
  type DocumentLine,
  type DocumentParty,
  type DocumentSession,
  formatMinorUnits,
  type InvoiceDocument,
} from '@csms/core';
import { PDFDocument } from 'pdf-lib';
import { PdfLayout } from './pdf-layout.ts';
import type { SignedMeterValue } from './signed-meter-data.ts';

/**
 * The readable rendering of a document (N1, N6): number and dates, seller and buyer, every session with its
 * energy and times followed by its lines, the VAT breakdown and the totals. Signed meter data the chargers
 * sent is quoted as sent and attached as one JSON file per session, for verification with the meter
 * vendor's transparency software.
 */
const TITLES = { receipt: 'Receipt', invoice: 'Invoice', 'credit-note': 'Credit note' } as const;

export async function documentPdf(
  doc: InvoiceDocument,
  signed: readonly SignedMeterValue[] = [],
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const issued = new Date(doc.issuedAt);
  // Fixed metadata dates: the same document always renders to the same bytes.
  pdf.setCreationDate(issued);
  pdf.setModificationDate(issued);
  pdf.setTitle(`${TITLES[doc.kind]} ${doc.number}`);
  pdf.setAuthor(doc.seller.name);
  pdf.setProducer('CSMS');
  pdf.setCreator('CSMS');
  const out = await PdfLayout.create(pdf, `${TITLES[doc.kind]} ${doc.number}`);
  const money = (amount: number) => `${formatMinorUnits(amount, doc.currency)} ${doc.currency}`;

  out.heading(`${TITLES[doc.kind]} ${doc.number}`);
  parties(out, doc.seller, doc.buyer);
  out.gap();
  const facts: [string, string | undefined][] = [
    ['Issue date', doc.issueDate],
    ['Due date', doc.kind === 'credit-note' ? undefined : doc.dueDate],
    ['Billing period', doc.period ? `${doc.period.start} to ${doc.period.end}` : undefined],
    [
      'Corrects',
      doc.precedingDocument && `${doc.precedingDocument.number} of ${doc.precedingDocument.issueDate}`,
    ],
    ['Customer', doc.customerId],
    ['Currency', doc.currency],
    ['Payment terms', doc.paymentTerms],
    [doc.kind === 'credit-note' ? 'Reason' : 'Note', doc.note],
  ];
  for (const [label, value] of facts) {
    if (value)
      out.line([
        { text: label, x: out.left, bold: true },
        { text: value, x: out.left + 110 },
      ]);
  }
  out.gap(12);

  const cols = {
    item: out.left,
    qty: out.left + 300,
    price: out.left + 380,
    vat: out.left + 425,
    net: out.right,
  };
  out.line(
    [
      { text: 'Item', x: cols.item, bold: true },
      { text: 'Quantity', x: cols.qty, align: 'right', bold: true },
      { text: 'Unit price', x: cols.price, align: 'right', bold: true },
      { text: 'VAT', x: cols.vat, align: 'right', bold: true },
      { text: `Net (${doc.currency})`, x: cols.net, align: 'right', bold: true },
    ],
    9,
  );
  out.rule();
  const sessionsById = new Map(doc.sessions.map((s) => [s.sessionId, s]));
  let lastSession: string | undefined;
  for (const line of doc.lines) {
    if (line.sessionId && line.sessionId !== lastSession) {
      lastSession = line.sessionId;
      out.gap(4);
      sessionHeading(out, line.sessionId, sessionsById.get(line.sessionId));
    }
    lineRow(out, cols, line, doc.currency);
  }
  out.rule();
  out.gap(8);

  out.line([{ text: 'VAT breakdown', x: out.left, bold: true }], 10);
  for (const entry of doc.vatBreakdown) {
    out.line([
      { text: `Category ${entry.category}, ${entry.rate} %`, x: out.left },
      { text: `taxable ${money(entry.taxableAmount)}`, x: out.left + 300, align: 'right' },
      { text: `VAT ${money(entry.vatAmount)}`, x: out.right, align: 'right' },
    ]);
  }
  out.gap(8);
  const totals: [string, number, boolean][] = [
    ['Total net', doc.totals.taxExclusive, false],
    ['Total VAT', doc.totals.vat, false],
    ['Total gross', doc.totals.taxInclusive, true],
    ...(doc.totals.prepaid ? ([['Paid', doc.totals.prepaid, false]] as [string, number, boolean][]) : []),
    [doc.kind === 'credit-note' ? 'Amount credited' : 'Amount due', doc.totals.payable, true],
  ];
  for (const [label, amount, bold] of totals) {
    out.line([
      { text: label, x: out.left + 300, bold },
      { text: money(amount), x: out.right, align: 'right', bold },
    ]);
  }

  if (signed.length > 0) {
    out.gap(12);
    out.line([{ text: 'Signed meter data, as sent by the charger', x: out.left, bold: true }], 10);
    out.paragraph(
      'Each reading below is signed by the calibrated meter; the same values are attached to this PDF ' +
        '(one JSON file per session) for verification with the meter vendor\u2019s transparency software.',
      { size: 8 },
    );
    for (const value of signed) {
      out.gap(4);
      out.line(
        [
          {
            text: `Session ${value.sessionId}, ${value.timestamp}${value.context ? `, ${value.context}` : ''}`,
            x: out.left,
            bold: true,
          },
        ],
        8,
      );
      out.paragraph(value.value, { size: 7, mono: true, indent: 10 });
    }
    for (const [sessionId, values] of groupBySession(signed)) {
      await pdf.attach(
        new TextEncoder().encode(`${JSON.stringify(values, null, 2)}\n`),
        `signed-meter-data-${sessionId}.json`,
        {
          mimeType: 'application/json',
          description: `Signed meter data of session ${sessionId}, as sent by the charger`,
          creationDate: issued,
          modificationDate: issued,
        },
      );
    }
  }
  return pdf.save();
}

function parties(out: PdfLayout, seller: DocumentParty, buyer: DocumentParty): void {
  const half = out.left + out.width / 2;
  const block = (p: DocumentParty) =>
    [
      p.name,
      p.address.line1,
      p.address.line2,
      [p.address.postalCode, p.address.city].filter(Boolean).join(' ') || undefined,
      p.address.country,
      p.vatId ? `VAT ID ${p.vatId}` : undefined,
      p.email,
    ].filter((s): s is string => Boolean(s));
  const left = block(seller);
  const right = block(buyer);
  out.line([
    { text: 'Seller', x: out.left, bold: true },
    { text: 'Buyer', x: half, bold: true },
  ]);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    out.line([
      { text: left[i] ?? '', x: out.left },
      { text: right[i] ?? '', x: half },
    ]);
  }
}

function sessionHeading(out: PdfLayout, sessionId: string, session: DocumentSession | undefined): void {
  if (!session) {
    out.line([{ text: `Session ${sessionId}`, x: out.left, bold: true }], 8);
    return;
  }
  const stop = session.stoppedAt ? session.stoppedAt.slice(0, 16).replace('T', ' ') : 'running';
  const minutes = Math.round(session.durationSeconds / 60);
  out.line(
    [
      {
        text:
          `Session ${sessionId} \u00b7 ${session.chargePointId} connector ${session.connectorId} \u00b7 ` +
          `${session.startedAt.slice(0, 16).replace('T', ' ')} to ${stop} UTC \u00b7 ` +
          `${session.energyWh / 1000} kWh \u00b7 ${Math.floor(minutes / 60)} h ${minutes % 60} min`,
        x: out.left,
        bold: true,
      },
    ],
    8,
  );
}

function lineRow(
  out: PdfLayout,
  cols: { item: number; qty: number; price: number; vat: number; net: number },
  line: DocumentLine,
  currency: string,
): void {
  out.line([
    { text: `${line.id}. ${line.name}`, x: cols.item + 8 },
    { text: `${line.quantity} ${UNIT_LABELS[line.unitCode] ?? line.unitCode}`, x: cols.qty, align: 'right' },
    { text: line.unitPriceNet, x: cols.price, align: 'right' },
    { text: `${line.vatRate} %`, x: cols.vat, align: 'right' },
    { text: formatMinorUnits(line.amountNet, currency), x: cols.net, align: 'right' },
  ]);
}

const UNIT_LABELS: Readonly<Record<string, string>> = { KWH: 'kWh', HUR: 'h', MIN: 'min', C62: '' };

function groupBySession(values: readonly SignedMeterValue[]): Map<string, SignedMeterValue[]> {
  const groups = new Map<string, SignedMeterValue[]>();
  for (const value of values) groups.set(value.sessionId, [...(groups.get(value.sessionId) ?? []), value]);
  return groups;
}
