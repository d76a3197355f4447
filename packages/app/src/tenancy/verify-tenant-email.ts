import { ValidationError } from '@csms/core';
import type { Deps } from '../deps.ts';
import { verificationTokenHash } from './email-verification.ts';

/** Confirms the signup address with the token of the e-mail; a repeat on a verified tenant succeeds. */
export async function verifyTenantEmail(
  deps: Pick<Deps, 'tenants' | 'clock'>,
  command: { tenantId: string; token: string },
): Promise<void> {
  const tenant = await deps.tenants.getTenant(command.tenantId);
  const pending = tenant?.emailVerification;
  const valid =
    pending !== undefined &&
    pending.tokenHash === verificationTokenHash(command.token) &&
    pending.expiresAt > deps.clock.now().toISOString();
  if (!tenant || (!tenant.emailVerifiedAt && !valid)) {
    throw new ValidationError([{ field: 'token', message: 'Unknown, used or expired verification token' }]);
  }
  if (!tenant.emailVerifiedAt)
    await deps.tenants.markTenantEmailVerified(tenant.id, deps.clock.now().toISOString());
}
