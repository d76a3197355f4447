import * as z from 'zod';

/** ISO 3166-1 alpha-2 and ISO 4217 are checked by shape here; the full code lists arrive with onboarding. */
export const tenantSignupSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email(),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 country code, e.g. "DE"'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 currency code, e.g. "EUR"'),
});
export type TenantSignup = z.infer<typeof tenantSignupSchema>;

export interface Tenant extends TenantSignup {
  readonly id: string;
  readonly createdAt: string;
}

export type ApiKeyRole = 'admin' | 'operator' | 'finance';
