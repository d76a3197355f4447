import * as z from 'zod';

const countryCode = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. "DE"');
const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. "EUR"');
/** Percentages are decimal strings ("19", "7.7"): money rules never touch floats. */
export const percentString = z
  .string()
  .regex(/^\d{1,2}(\.\d{1,2})?$/, 'Percentage as a decimal string, e.g. "19" or "7.7"');

export const tenantSignupSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  country: countryCode,
  currency: currencyCode,
});
export type TenantSignup = z.infer<typeof tenantSignupSchema>;

export const postalAddressSchema = z.strictObject({
  line1: z.string().trim().min(1).max(200),
  line2: z.string().trim().max(200).optional(),
  postalCode: z.string().trim().min(1).max(20),
  city: z.string().trim().min(1).max(100),
  country: countryCode,
});
export type PostalAddress = z.infer<typeof postalAddressSchema>;

/**
 * What a tenant configures about itself. Defaults suit a small EU operator; everything is editable.
 * `heartbeatIntervalSeconds` stays below API Gateway's 10-minute idle timeout.
 */
export const tenantSettingsSchema = z.strictObject({
  legalName: z.string().trim().min(1).max(200).optional(),
  address: postalAddressSchema.optional(),
  vatId: z
    .string()
    .regex(
      /^[A-Z]{2}[0-9A-Za-z+*.]{2,13}$/,
      'VAT identification number with country prefix, e.g. "DE123456789"',
    )
    .optional(),
  defaultVatRate: percentString,
  heartbeatIntervalSeconds: z.number().int().min(30).max(540),
  priceChangeNoticeDays: z.number().int().min(0).max(90),
  invoiceDueDays: z.number().int().min(0).max(90),
  /**
   * OCPP 2.0.1 chargers that can show it get the running cost of a session (CostUpdated) with each periodic
   * meter reading. Off by default: not every display is meant for it, and each update is a round trip.
   */
  liveCostUpdates: z.boolean().optional(),
  payments: z.strictObject({
    /** Funds reserved on a card at session start, in minor units. */
    cardAuthorizationAmount: z.number().int().min(0).max(1_000_000),
    /** Platform fee per card payment, in basis points of the amount. */
    platformFeeBasisPoints: z.number().int().min(0).max(10_000),
  }),
});
export type TenantSettings = z.infer<typeof tenantSettingsSchema>;

export const defaultTenantSettings: TenantSettings = {
  defaultVatRate: '20',
  heartbeatIntervalSeconds: 300,
  priceChangeNoticeDays: 3,
  invoiceDueDays: 14,
  payments: { cardAuthorizationAmount: 5000, platformFeeBasisPoints: 0 },
};

/** A PATCH of settings: any subset; nested objects are replaced whole. */
export const tenantSettingsPatchSchema = tenantSettingsSchema.partial();

export interface Tenant extends TenantSignup {
  readonly id: string;
  readonly createdAt: string;
  readonly emailVerifiedAt?: string;
  readonly settings: TenantSettings;
}

export type ApiKeyRole = 'admin' | 'operator' | 'finance';
export const apiKeyRoles = ['admin', 'operator', 'finance'] as const satisfies readonly ApiKeyRole[];
