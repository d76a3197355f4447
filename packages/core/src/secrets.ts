import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets we hand out (API keys, charger passwords) are generated here with ≥ 192 bits of entropy, so a salted
 * SHA-256 is enough to store them: there is no dictionary to brute-force, and a fast hash keeps the WebSocket
 * authorizer and every API call cheap. A human-chosen password would need a slow KDF instead.
 */
export function generateSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** `sha256$<salt>$<hex digest>`: the algorithm is named so it can be upgraded without a migration. */
export function hashSecret(secret: string): string {
  const salt = randomBytes(12).toString('base64url');
  return `sha256$${salt}$${digest(salt, secret)}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [algorithm, salt, expected] = stored.split('$');
  if (algorithm !== 'sha256' || salt === undefined || expected === undefined) return false;
  const actual = Buffer.from(digest(salt, secret), 'hex');
  const wanted = Buffer.from(expected, 'hex');
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

function digest(salt: string, secret: string): string {
  return createHash('sha256').update(salt).update('\0').update(secret).digest('hex');
}
