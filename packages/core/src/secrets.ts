import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

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

const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;

/**
 * For a secret a person chose (an operator-chosen charger password): scrypt, so a stolen table does not give
 * a dictionary attack an easy ride. `scrypt$N=…,r=…,p=…$<salt>$<hex digest>`: the cost is part of the stored
 * value, so it can be raised later without breaking the hashes already stored. N=2^14 costs ~0.1 s per check,
 * paid once per charger connection.
 */
export function hashChosenSecret(secret: string): string {
  const salt = randomBytes(16).toString('base64url');
  const params = `N=${SCRYPT.N},r=${SCRYPT.r},p=${SCRYPT.p}`;
  return `scrypt$${params}$${salt}$${scryptSync(secret, salt, 32, SCRYPT).toString('hex')}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts[0] === 'scrypt') return verifyScrypt(secret, parts);
  const [algorithm, salt, expected] = parts;
  if (algorithm !== 'sha256' || salt === undefined || expected === undefined) return false;
  return sameDigest(digest(salt, secret), expected);
}

function verifyScrypt(secret: string, [, params, salt, expected]: readonly string[]): boolean {
  const cost = /^N=(\d+),r=(\d+),p=(\d+)$/.exec(params ?? '');
  if (!cost || salt === undefined || expected === undefined) return false;
  const [N, r, p] = [Number(cost[1]), Number(cost[2]), Number(cost[3])];
  // A stored value is ours, but a corrupted one must not make a check allocate gigabytes.
  if (N > 2 ** 20 || r > 16 || p > 4) return false;
  try {
    const actual = scryptSync(secret, salt, 32, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 });
    return sameDigest(actual.toString('hex'), expected);
  } catch {
    // N not a power of two, and the like: a value that can match nothing.
    return false;
  }
}

function sameDigest(actualHex: string, expectedHex: string): boolean {
  const actual = Buffer.from(actualHex, 'hex');
  const wanted = Buffer.from(expectedHex, 'hex');
  return actual.length === wanted.length && timingSafeEqual(actual, wanted);
}

function digest(salt: string, secret: string): string {
  return createHash('sha256').update(salt).update('\0').update(secret).digest('hex');
}
