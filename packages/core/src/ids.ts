import { randomBytes } from 'node:crypto';

// Crockford-style lowercase alphabet: no look-alike characters, safe in URLs, Basic-auth user names and keys.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A random identifier such as `t7k2m…`: 20 symbols of 5 bits (100 bits of entropy), so ids never reveal how
 * many things exist (no counters) and cannot be guessed across tenants.
 */
export function newId(prefix: string, length = 20): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const byte of bytes) out += ALPHABET[byte & 31];
  return out;
}
