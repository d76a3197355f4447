import * as z from 'zod';

/** A person who charges on a company customer's account (A1: corporate accounts hold several drivers). */
export const driverCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254).optional(),
});
export type DriverCreate = z.infer<typeof driverCreateSchema>;

export interface Driver {
  readonly id: string;
  readonly customerId: string;
  readonly name: string;
  readonly email?: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export function newDriver(input: DriverCreate, id: string, customerId: string, now: Date): Driver {
  const at = now.toISOString();
  return {
    id,
    customerId,
    name: input.name,
    ...(input.email === undefined ? {} : { email: input.email }),
    createdAt: at,
    updatedAt: at,
  };
}
