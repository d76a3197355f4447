import {
  ConflictError,
  canChangeStatus,
  codeSchema,
  type DiscountCode,
  type DiscountConditions,
  type DiscountStatus,
  NotFoundError,
  normalizeCode,
  ValidationError,
} from '@csms/core';
import type { Deps } from '../deps.ts';

/** Discount codes (P3): amount or percentage off a session, with expiry and conditions; suspend or cancel. */

const normalized = (code: string) => (codeSchema.safeParse(code).success ? normalizeCode(code) : undefined);

export interface CreateDiscountCodeCommand {
  readonly code: string;
  readonly kind: DiscountCode['kind'];
  readonly value: number;
  /** ISO instant; must be in the future. */
  readonly expiresAt: string;
  readonly conditions?: DiscountConditions | undefined;
}

/** A new active code, stored normalized; expired at creation is a field error, a taken code a 409. */
export async function createDiscountCode(
  deps: Pick<Deps, 'discountCodes' | 'clock'>,
  tenantId: string,
  command: CreateDiscountCodeCommand,
): Promise<DiscountCode> {
  const now = deps.clock.now().toISOString();
  if (command.expiresAt <= now)
    throw new ValidationError([{ field: 'expiresAt', message: 'Must be in the future' }]);
  const code: DiscountCode = {
    code: normalizeCode(command.code),
    kind: command.kind,
    value: command.value,
    expiresAt: command.expiresAt,
    ...(command.conditions ? { conditions: command.conditions } : {}),
    status: 'active',
    createdAt: now,
    updatedAt: now,
  };
  if (!(await deps.discountCodes.createDiscountCode(tenantId, code))) {
    throw new ConflictError(`Discount code ${code.code} exists already`);
  }
  return code;
}

/** The code as written in any case; one that could never be a code is unknown (404) without a read. */
export async function getDiscountCode(
  deps: Pick<Deps, 'discountCodes'>,
  tenantId: string,
  rawCode: string,
): Promise<DiscountCode> {
  const code = normalized(rawCode);
  const found = code ? await deps.discountCodes.getDiscountCode(tenantId, code) : undefined;
  if (!found) throw new NotFoundError(`Discount code ${rawCode}`);
  return found;
}

/** Suspends, resumes or cancels a code; `cancelled` is final (409 for any later change). */
export async function changeDiscountCodeStatus(
  deps: Pick<Deps, 'discountCodes' | 'clock'>,
  tenantId: string,
  rawCode: string,
  status: DiscountStatus,
): Promise<DiscountCode> {
  const code = normalized(rawCode);
  const current = code ? await deps.discountCodes.getDiscountCode(tenantId, code) : undefined;
  if (!code || !current) throw new NotFoundError(`Discount code ${rawCode}`);
  if (!canChangeStatus(current.status, status)) {
    throw new ConflictError(`Discount code ${code} is cancelled; that is final`);
  }
  const updated = await deps.discountCodes.setDiscountCodeStatus(
    tenantId,
    code,
    status,
    deps.clock.now().toISOString(),
  );
  if (updated === undefined) throw new NotFoundError(`Discount code ${rawCode}`);
  if (updated === 'cancelled') throw new ConflictError(`Discount code ${code} is cancelled; that is final`);
  return updated;
}
