import { type CustomerStatement, formatMinorUnits } from '@csms/core';
import { PDFDocument } from 'pdf-lib';
import { PdfLayout } from './pdf-layout.ts';

/** A customer's statement (N5) as a PDF: opening balance, every movement with the running balance, closing. */
export async function statementPdf(
  statement: CustomerStatement,
  parties: { readonly seller: string; readonly customer: string },
  generatedAt: Date,
): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setCreationDate(generatedAt);
  pdf.setModificationDate(generatedAt);
  pdf.setTitle(`Statement ${statement.from} to ${statement.to}`);
  pdf.setAuthor(parties.seller);
  pdf.setProducer('CSMS');
  pdf.setCreator('CSMS');
  const title = `Statement of account ${statement.from} to ${statement.to}`;
  const out = await PdfLayout.create(pdf, title);
  const money = (amount: number) => formatMinorUnits(amount, statement.currency);

  out.heading('Statement of account');
  out.line([{ text: parties.seller, x: out.left, bold: true }]);
  out.line([{ text: `Customer: ${parties.customer} (${statement.customerId})`, x: out.left }]);
  out.line([
    { text: `Period: ${statement.from} to ${statement.to}, amounts in ${statement.currency}`, x: out.left },
  ]);
  out.gap(10);

  const cols = {
    date: out.left,
    doc: out.left + 65,
    type: out.left + 170,
    debit: out.left + 330,
    credit: out.left + 410,
  };
  out.line([
    { text: 'Date', x: cols.date, bold: true },
    { text: 'Document', x: cols.doc, bold: true },
    { text: 'Type', x: cols.type, bold: true },
    { text: 'Debit', x: cols.debit, align: 'right', bold: true },
    { text: 'Credit', x: cols.credit, align: 'right', bold: true },
    { text: 'Balance', x: out.right, align: 'right', bold: true },
  ]);
  out.rule();
  out.line([
    { text: statement.from, x: cols.date },
    { text: 'Opening balance', x: cols.doc },
    { text: money(statement.openingBalance), x: out.right, align: 'right' },
  ]);
  for (const entry of statement.entries) {
    out.line([
      { text: entry.date, x: cols.date },
      { text: entry.number, x: cols.doc },
      { text: entry.type, x: cols.type },
      { text: entry.debit ? money(entry.debit) : '', x: cols.debit, align: 'right' },
      { text: entry.credit ? money(entry.credit) : '', x: cols.credit, align: 'right' },
      { text: money(entry.balance), x: out.right, align: 'right' },
    ]);
  }
  out.rule();
  out.line(
    [
      { text: statement.to, x: cols.date, bold: true },
      { text: 'Closing balance', x: cols.doc, bold: true },
      { text: money(statement.totalDebit), x: cols.debit, align: 'right', bold: true },
      { text: money(statement.totalCredit), x: cols.credit, align: 'right', bold: true },
      { text: money(statement.closingBalance), x: out.right, align: 'right', bold: true },
    ],
    9,
  );
  return pdf.save();
}
