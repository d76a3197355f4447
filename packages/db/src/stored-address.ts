import type { PostalAddress } from '@csms/core';
import * as z from 'zod';

/**
 * A postal address as stored on tenants, customers and sites: the shape of `PostalAddress`, without the input
 * rules (`postalAddressSchema` in core checks those before anything is written).
 */
export const storedAddressSchema: z.ZodType<PostalAddress> = z.object({
  line1: z.string(),
  line2: z.string().optional(),
  postalCode: z.string(),
  city: z.string(),
  country: z.string(),
});
