import { formatMinorUnits } from '../pricing/money.ts';
import type { DocumentLine, DocumentParty, DocumentVatEntry, InvoiceDocument } from './model.ts';
import { leaf, node, type XmlChild } from './xml.ts';

/**
 * A document as UBL 2.1 — `Invoice` for receipts and invoices, `CreditNote` for credit notes — in the Peppol
 * BIS Billing 3.0 profile of EN 16931. Elements are written in the order the UBL 2.1 schema fixes; which
 * business term each one carries is noted beside it.
 */
export const PEPPOL_CUSTOMIZATION_ID =
  'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0';
export const PEPPOL_PROFILE_ID = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0';

const NS = {
  invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  creditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

/** UNCL 1001: 380 commercial invoice (receipts are invoices to consumers), 381 credit note. */
const TYPE_CODE = { invoice: '380', creditNote: '381' } as const;

export function toUbl(doc: InvoiceDocument): string {
  const credit = doc.kind === 'credit-note';
  const root = credit ? 'CreditNote' : 'Invoice';
  const money = (amount: number, name: string) =>
    leaf(name, formatMinorUnits(amount, doc.currency), { currencyID: doc.currency });
  const body: XmlChild[] = [
    leaf('cbc:CustomizationID', PEPPOL_CUSTOMIZATION_ID), // BT-24
    leaf('cbc:ProfileID', PEPPOL_PROFILE_ID), // BT-23
    leaf('cbc:ID', doc.number), // BT-1
    leaf('cbc:IssueDate', doc.issueDate), // BT-2
    !credit && leaf('cbc:DueDate', doc.dueDate), // BT-9 (a CreditNote has no DueDate in UBL 2.1)
    credit
      ? leaf('cbc:CreditNoteTypeCode', TYPE_CODE.creditNote)
      : leaf('cbc:InvoiceTypeCode', TYPE_CODE.invoice), // BT-3
    doc.note && leaf('cbc:Note', doc.note), // BT-22
    leaf('cbc:DocumentCurrencyCode', doc.currency), // BT-5
    leaf('cbc:BuyerReference', doc.customerId ?? doc.id), // BT-10 (Peppol: buyer or order reference)
    doc.period &&
      node('cac:InvoicePeriod', [
        leaf('cbc:StartDate', doc.period.start),
        leaf('cbc:EndDate', doc.period.end),
      ]), // BG-14
    doc.precedingDocument &&
      node('cac:BillingReference', [
        node('cac:InvoiceDocumentReference', [
          leaf('cbc:ID', doc.precedingDocument.number), // BT-25
          leaf('cbc:IssueDate', doc.precedingDocument.issueDate), // BT-26
        ]),
      ]),
    node('cac:AccountingSupplierParty', [party(doc.seller)]), // BG-4
    node('cac:AccountingCustomerParty', [party(doc.buyer)]), // BG-7
    doc.paidBy === 'card' && node('cac:PaymentMeans', [leaf('cbc:PaymentMeansCode', '48')]), // BG-16, bank card
    node('cac:PaymentTerms', [leaf('cbc:Note', doc.paymentTerms)]), // BT-20
    node('cac:TaxTotal', [
      money(doc.totals.vat, 'cbc:TaxAmount'), // BT-110
      ...doc.vatBreakdown.map((entry) => taxSubtotal(entry, money)), // BG-23
    ]),
    node('cac:LegalMonetaryTotal', [
      money(doc.totals.lineNet, 'cbc:LineExtensionAmount'), // BT-106
      money(doc.totals.taxExclusive, 'cbc:TaxExclusiveAmount'), // BT-109
      money(doc.totals.taxInclusive, 'cbc:TaxInclusiveAmount'), // BT-112
      doc.totals.prepaid !== 0 && money(doc.totals.prepaid, 'cbc:PrepaidAmount'), // BT-113
      money(doc.totals.payable, 'cbc:PayableAmount'), // BT-115
    ]),
    ...doc.lines.map((line) => documentLine(line, credit, money, doc.currency)), // BG-25
  ];
  const xml = node(root, body, {
    xmlns: credit ? NS.creditNote : NS.invoice,
    'xmlns:cac': NS.cac,
    'xmlns:cbc': NS.cbc,
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`;
}

type Money = (amount: number, name: string) => string;

function party(p: DocumentParty): string {
  const { address } = p;
  return node('cac:Party', [
    p.email && leaf('cbc:EndpointID', p.email, { schemeID: 'EM' }), // BT-34 / BT-49
    node('cac:PartyName', [leaf('cbc:Name', p.name)]), // BT-28 / BT-45
    node('cac:PostalAddress', [
      address.line1 && leaf('cbc:StreetName', address.line1), // BT-35 / BT-50
      address.line2 && leaf('cbc:AdditionalStreetName', address.line2), // BT-36 / BT-51
      address.city && leaf('cbc:CityName', address.city), // BT-37 / BT-52
      address.postalCode && leaf('cbc:PostalZone', address.postalCode), // BT-38 / BT-53
      node('cac:Country', [leaf('cbc:IdentificationCode', address.country)]), // BT-40 / BT-55
    ]),
    p.vatId &&
      node('cac:PartyTaxScheme', [
        leaf('cbc:CompanyID', p.vatId), // BT-31 / BT-48
        node('cac:TaxScheme', [leaf('cbc:ID', 'VAT')]),
      ]),
    node('cac:PartyLegalEntity', [leaf('cbc:RegistrationName', p.name)]), // BT-27 / BT-44
    p.email && node('cac:Contact', [leaf('cbc:ElectronicMail', p.email)]), // BT-43 / BT-58
  ]);
}

function taxCategory(name: string, category: string, rate: string): string {
  return node(name, [
    leaf('cbc:ID', category), // BT-118 / BT-151
    leaf('cbc:Percent', rate), // BT-119 / BT-152
    node('cac:TaxScheme', [leaf('cbc:ID', 'VAT')]),
  ]);
}

function taxSubtotal(entry: DocumentVatEntry, money: Money): string {
  return node('cac:TaxSubtotal', [
    money(entry.taxableAmount, 'cbc:TaxableAmount'), // BT-116
    money(entry.vatAmount, 'cbc:TaxAmount'), // BT-117
    taxCategory('cac:TaxCategory', entry.category, entry.rate),
  ]);
}

function documentLine(line: DocumentLine, credit: boolean, money: Money, currency: string): string {
  return node(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine', [
    leaf('cbc:ID', line.id), // BT-126
    line.sessionId && leaf('cbc:Note', `Charging session ${line.sessionId}`), // BT-127
    leaf(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', line.quantity, {
      unitCode: line.unitCode,
    }), // BT-129/130
    money(line.amountNet, 'cbc:LineExtensionAmount'), // BT-131
    line.period &&
      node('cac:InvoicePeriod', [
        leaf('cbc:StartDate', line.period.start.slice(0, 10)), // BT-134
        leaf('cbc:EndDate', line.period.end.slice(0, 10)), // BT-135
      ]),
    line.sessionId &&
      node('cac:DocumentReference', [leaf('cbc:ID', line.sessionId), leaf('cbc:DocumentTypeCode', '130')]), // BT-128
    node('cac:Item', [
      line.description && leaf('cbc:Description', line.description), // BT-154
      leaf('cbc:Name', line.name), // BT-153
      taxCategory('cac:ClassifiedTaxCategory', line.vatCategory, line.vatRate), // BG-30
    ]),
    node('cac:Price', [leaf('cbc:PriceAmount', line.unitPriceNet, { currencyID: currency })]), // BT-146
  ]);
}
