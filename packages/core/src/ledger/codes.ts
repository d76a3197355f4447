import * as z from 'zod';

/**
 * Voucher and discount codes are typed by people: letters, digits and dashes, compared without regard to
 * case (stored upper-case, like idTags), so `spring-25` and `SPRING-25` are one code.
 */
export const codeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,39}$/, 'Code of 3–40 letters, digits or dashes, e.g. "GIFT-2025-AB12"');

export const normalizeCode = (code: string): string => code.trim().toUpperCase();
