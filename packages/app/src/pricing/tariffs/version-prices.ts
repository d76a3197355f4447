import {
  type FieldIssue,
  type TariffVersion,
  tariffVersionSchema,
  ValidationError,
  validationErrorOf,
} from '@csms/core';

/** The prices of a version as a client sends them: currency, VAT rate and time zone may be left out. */
export interface VersionPricesInput {
  readonly currency?: string | undefined;
  readonly vatRate?: string | undefined;
  readonly timeZone?: string | undefined;
  readonly elements: TariffVersion['elements'];
  readonly idleFee?: TariffVersion['idleFee'] | undefined;
  readonly minPrice?: string | undefined;
  readonly maxPrice?: string | undefined;
}

/** Restrictions read in local time need the time zone spelled out: "UTC" would silently shift them. */
export function needsTimeZone(elements: TariffVersion['elements']): boolean {
  return elements.some((e) => {
    const r = e.restrictions;
    return r !== undefined && [r.startTime, r.endTime, r.startDate, r.endDate, r.dayOfWeek].some(Boolean);
  });
}

/**
 * Completes a version from the request (defaults from `base`) and checks it whole with the core schema,
 * plus what only the API knows: one currency per tenant, an explicit time zone for local-time restrictions.
 */
export function completeVersion(
  input: VersionPricesInput,
  base: Pick<TariffVersion, 'currency' | 'vatRate' | 'timeZone'>,
): TariffVersion {
  const issues: FieldIssue[] = [];
  const currency = input.currency ?? base.currency;
  if (currency !== base.currency) {
    issues.push({ field: 'currency', message: `Prices are in the tenant currency, ${base.currency}` });
  }
  if (input.timeZone === undefined && base.timeZone === 'UTC' && needsTimeZone(input.elements)) {
    issues.push({
      field: 'timeZone',
      message: 'Local-time restrictions need the IANA time zone they are read in',
    });
  }
  if (issues.length) throw new ValidationError(issues);
  const result = tariffVersionSchema.safeParse({
    currency,
    vatRate: input.vatRate ?? base.vatRate,
    timeZone: input.timeZone ?? base.timeZone,
    elements: input.elements,
    ...(input.idleFee ? { idleFee: input.idleFee } : {}),
    ...(input.minPrice === undefined ? {} : { minPrice: input.minPrice }),
    ...(input.maxPrice === undefined ? {} : { maxPrice: input.maxPrice }),
  });
  if (result.success) return result.data;
  // As the HTTP layer reports a body that fails its schema: one issue per field, in the body.
  throw validationErrorOf(result.error.issues);
}
