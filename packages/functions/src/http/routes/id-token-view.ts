import { type IdToken, idTokenStatuses, idTokenTypes, isIdTokenExpired } from '@csms/core';
import * as z from 'zod';
import { isoTimestamp } from '../schemas.ts';

export const idTokenView = z
  .object({
    idTag: z.string(),
    type: z.enum(idTokenTypes),
    customerId: z.string(),
    driverId: z.string().nullable(),
    groupIdTag: z.string().nullable(),
    vehicle: z
      .object({ label: z.string(), optIn: z.literal(true), optInAt: isoTimestamp })
      .nullable()
      .describe('The vehicle of a VehicleId (Autocharge) token and when the customer opted in'),
    status: z.enum(idTokenStatuses),
    statusReason: z.string().nullable(),
    expiresAt: isoTimestamp.nullable(),
    expired: z.boolean().describe('Past `expiresAt`: chargers get `Expired`'),
    createdAt: isoTimestamp,
    updatedAt: isoTimestamp.describe('Moves on every change (local authorization list sync)'),
  })
  .meta({ id: 'IdToken' });

export const toIdTokenView = (token: IdToken, now: Date): z.infer<typeof idTokenView> => ({
  idTag: token.idTag,
  type: token.type,
  customerId: token.customerId,
  driverId: token.driverId ?? null,
  groupIdTag: token.groupIdTag ?? null,
  vehicle: token.vehicle ?? null,
  status: token.status,
  statusReason: token.statusReason ?? null,
  expiresAt: token.expiresAt ?? null,
  expired: isIdTokenExpired(token, now),
  createdAt: token.createdAt,
  updatedAt: token.updatedAt,
});
