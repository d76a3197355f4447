// Billing documents (rules N1–N6): the model, how drafts are built, numbered and rendered. Pure: storage
// and issuing live in `@csms/db` (documents.ts) and the functions package (documents/).
export { type CreditLineSelection, type CreditNoteInput, creditNoteDraft } from './credit-note.ts';
export { documentsToCsv } from './csv.ts';
export { addDays, dateOf, isBillingPeriod, isCalendarDate, periodBounds } from './dates.ts';
export {
  type DraftFromSessions,
  documentFromPricedSessions,
  type PricedSession,
} from './from-priced-sessions.ts';
export * from './model.ts';
export { documentIdFor, formatDocumentNumber, isDocumentId, seriesOf } from './numbering.ts';
export {
  type CustomerStatement,
  customerStatement,
  type StatementDocument,
  type StatementEntry,
} from './statement.ts';
export { totalsOf, vatBreakdownOf, vatCategoryOf } from './totals.ts';
export { PEPPOL_CUSTOMIZATION_ID, PEPPOL_PROFILE_ID, toUbl } from './ubl.ts';
