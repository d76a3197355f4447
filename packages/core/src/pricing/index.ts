// The pricing module's public surface. Decimal internals, the energy curve, slicing, restriction checks and
// the local clock stay private: callers price sessions, they do not assemble the engine.
export {
  assignmentScopeKey,
  chooseTariff,
  type TariffAssignment,
  type TariffAssignmentLevel,
  type TariffChoice,
  type TariffContext,
  type TariffCurrentType,
  tariffAssignmentLevels,
  tariffAssignmentSchema,
  tariffCurrentTypeSchema,
} from './assignment.ts';
export { compareDecimals, DECIMAL_PATTERN } from './decimal.ts';
export { buildBenchmarkTariff, buildTwoHourSessionFacts } from './fixtures.ts';
export { currencyExponent, formatMinorUnits, type MinorUnits, toMinorUnits } from './money.ts';
export { deriveSessionPeriods, finalIdlePeriod, type PeriodKind, type SessionPeriod } from './periods.ts';
export {
  type CostBreakdown,
  type CostLine,
  type CostLineType,
  type CostUnit,
  priceSession,
  type SessionUsage,
} from './price-session.ts';
export { type PriceSheet, type PriceSheetEntry, priceSheet } from './price-sheet.ts';
export {
  DEFAULT_IDLE_AFTER_MINUTES,
  type MeterSample,
  type PricingOptions,
  type SessionFacts,
  type StatusChange,
} from './session-facts.ts';
export {
  type DatedTariffVersion,
  type IdleFee,
  idleFeeSchema,
  type NewTariffVersionInput,
  newTariffVersionSchema,
  type PriceComponent,
  priceComponentSchema,
  type TariffDimension,
  type TariffElement,
  type TariffRestrictions,
  type TariffVersion,
  type TariffWithVersions,
  tariffDimensionSchema,
  tariffElementSchema,
  tariffRestrictionsSchema,
  tariffVersionSchema,
} from './tariff-schema.ts';
export { grossUnitPrice, type VatBreakdownEntry, vatBreakdown, vatOn } from './vat.ts';
export {
  DEFAULT_NOTICE_DAYS,
  type NewTariffVersion,
  type NewVersionCheck,
  priceIncreases,
  type TariffVersionRejection,
  validateNewVersion,
  versionInForceAt,
} from './versions.ts';
