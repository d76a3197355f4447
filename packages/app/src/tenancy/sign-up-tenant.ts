import {
  defaultTenantSettings,
  issueApiKey as generateApiKey,
  generateSecret,
  hashSecret,
  RateLimitedError,
  type TenantSignup,
} from '@csms/core';
import type { StoredTenant } from '@csms/db';
import type { Deps } from '../deps.ts';
import { VERIFICATION_TTL_HOURS, verificationTokenHash } from './email-verification.ts';

export interface SignedUpTenant {
  readonly tenant: StoredTenant;
  /** The first admin API key, shown once. */
  readonly apiKey: string;
}

/**
 * A new tenant with its first admin API key, and an e-mail to verify its address. Signups per client address
 * are limited per hour (`settings.signupsPerHour`, 429 beyond): enough for a team, too few for a script.
 */
export async function signUpTenant(
  deps: Pick<Deps, 'tenants' | 'rateLimits' | 'clock' | 'ids' | 'email' | 'settings'>,
  command: { signup: TenantSignup; clientAddress: string },
): Promise<SignedUpTenant> {
  const now = deps.clock.now();
  const limit = deps.settings.signupsPerHour;
  if (!(await deps.rateLimits.takeRateLimitToken('signup', command.clientAddress, limit, 3600, now))) {
    throw new RateLimitedError(`At most ${limit} signups per hour from one address`);
  }
  const verificationToken = generateSecret(24);
  const tenant: StoredTenant = {
    id: deps.ids.newId('t'),
    ...command.signup,
    createdAt: now.toISOString(),
    settings: defaultTenantSettings,
    emailVerification: {
      tokenHash: verificationTokenHash(verificationToken),
      expiresAt: new Date(now.getTime() + VERIFICATION_TTL_HOURS * 3600_000).toISOString(),
    },
  };
  const key = generateApiKey(tenant.id);
  await deps.tenants.createTenantWithApiKey(tenant, {
    tenantId: tenant.id,
    keyId: key.keyId,
    prefix: key.prefix,
    role: 'admin',
    name: 'Signup key',
    secretHash: hashSecret(key.secret),
    createdAt: tenant.createdAt,
  });
  await deps.email.send({
    kind: 'tenant-verification',
    to: tenant.email,
    subject: 'Verify your e-mail address for your CSMS account',
    text:
      `Welcome, ${tenant.name}.\n\nConfirm this address by sending\n\n` +
      `  POST /v1/tenants/verify-email {"tenantId": "${tenant.id}", "token": "${verificationToken}"}\n\n` +
      `within ${VERIFICATION_TTL_HOURS} hours.`,
  });
  return { tenant, apiKey: key.apiKey };
}
