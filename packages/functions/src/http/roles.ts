import type { ApiKeyRole } from '@csms/core';

/**
 * Who may call what, by API key role. `admin` runs the tenant (keys, settings, payouts); `operator` runs the
 * charging business (stations, customers, tokens, tariffs, commands); `finance` reads everything and runs
 * billing and exports, but changes nothing operational.
 */
export const ACCESS = {
  /** Read-only data every role may see. */
  read: ['admin', 'operator', 'finance'],
  /** Operational changes: stations, customers, tokens, tariffs, commands. */
  operate: ['admin', 'operator'],
  /** Billing and finance actions. */
  finance: ['admin', 'finance'],
  /** The tenant itself: API keys, settings, payouts. */
  admin: ['admin'],
} as const satisfies Record<string, readonly ApiKeyRole[]>;
