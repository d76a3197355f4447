import { createHash } from 'node:crypto';

/** How long the link of the signup e-mail stays valid. */
export const VERIFICATION_TTL_HOURS = 72;

/** Only a hash of the verification token is stored. */
export const verificationTokenHash = (token: string): string =>
  createHash('sha256').update(token).digest('base64url');
