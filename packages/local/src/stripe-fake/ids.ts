import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Random base62 text, like the tail of Stripe's ids (`pi_3MrPBM2eZvKYlo2C1TEMacFD`). */
export function randomText(length: number): string {
  let out = '';
  for (const byte of randomBytes(length)) out += BASE62[byte % 62];
  return out;
}

/** Stripe ids are a type prefix plus random text: `acct_` has 16 characters after it, most others 24. */
export function stripeId(prefix: string): string {
  return `${prefix}_${randomText(prefix === 'acct' ? 16 : 24)}`;
}

/** `pi_…_secret_…` / `seti_…_secret_…`: what the browser or app gets to confirm an intent client-side. */
export function clientSecret(id: string): string {
  return `${id}_secret_${randomText(25)}`;
}
