import * as z from 'zod';
import { isoInstantSchema } from './iso-instant.ts';

/**
 * Identification tokens (I1, I3): RFID cards and Autocharge vehicle identifiers, as OCPP 1.6 `IdToken`
 * (CiString20: up to 20 printable ASCII characters, compared case-insensitively).
 */
export const idTokenTypes = ['RFID', 'VehicleId'] as const;
export type IdTokenType = (typeof idTokenTypes)[number];

export const idTokenStatuses = ['Accepted', 'Blocked'] as const;
export type IdTokenStatus = (typeof idTokenStatuses)[number];

/** No spaces: they never occur in card UIDs or vehicle MACs and only cause copy-paste mistakes. */
export const idTagSchema = z
  .string()
  .regex(/^[\x21-\x7E]{1,20}$/, '1–20 printable ASCII characters without spaces (OCPP 1.6 IdToken)');

/** Autocharge sends the vehicle's MAC address as `VID:` followed by 12 hexadecimal digits. */
const VEHICLE_ID = /^VID:[0-9A-Fa-f]{12}$/;

/** CiString: `abc123` and `ABC123` are the same token, so uniqueness and lookups use one spelling. */
export function normalizeIdTag(idTag: string): string {
  return idTag.toUpperCase();
}

const statusReason = z.string().trim().min(1).max(500);

export const vehicleSchema = z.strictObject({
  label: z.string().trim().min(1).max(100).describe('How the customer names the vehicle, e.g. "Blue e-Golf"'),
  optIn: z.literal(true).describe('The customer opted in to Autocharge for this vehicle (I3)'),
});

export const idTokenCreateSchema = z
  .strictObject({
    idTag: idTagSchema,
    customerId: z.string().min(1).max(64),
    type: z.enum(idTokenTypes),
    expiresAt: isoInstantSchema.optional(),
    groupIdTag: idTagSchema.optional().describe('OCPP parentIdTag: the group (e.g. company) of the token'),
    driverId: z.string().min(1).max(64).optional().describe("One of the company customer's drivers"),
    vehicle: vehicleSchema.optional().describe('Required for (and only for) `VehicleId` tokens'),
  })
  .superRefine((value, ctx) => {
    if (value.type === 'VehicleId') {
      if (!VEHICLE_ID.test(value.idTag)) {
        ctx.addIssue({
          code: 'custom',
          path: ['idTag'],
          message: 'A VehicleId is "VID:" followed by the 12 hex digits of the vehicle MAC address',
        });
      }
      if (value.vehicle === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['vehicle'],
          message: 'Autocharge needs the vehicle and the customer opt-in: {"label": "…", "optIn": true}',
        });
      }
    } else if (value.vehicle !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['vehicle'], message: 'Only VehicleId tokens name a vehicle' });
    }
  });
export type IdTokenCreate = z.infer<typeof idTokenCreateSchema>;

export const idTokenPatchSchema = z
  .strictObject({
    status: z.enum(idTokenStatuses).optional(),
    reason: statusReason.optional().describe('Why, e.g. "card lost" or "vehicle sold"'),
    expiresAt: isoInstantSchema.nullable().optional().describe('`null` removes the expiry'),
  })
  .superRefine((value, ctx) => {
    if (value.status === undefined && value.expiresAt === undefined) {
      ctx.addIssue({ code: 'custom', path: [], message: 'Give `status` and/or `expiresAt`' });
    }
    if (value.reason !== undefined && value.status === undefined) {
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'A reason goes with a status change' });
    }
  });
export type IdTokenPatch = z.infer<typeof idTokenPatchSchema>;

export interface IdToken {
  /** As issued; lookups use `normalizeIdTag(idTag)`. */
  readonly idTag: string;
  readonly type: IdTokenType;
  readonly customerId: string;
  readonly driverId?: string;
  readonly groupIdTag?: string;
  readonly vehicle?: { readonly label: string; readonly optIn: true; readonly optInAt: string };
  readonly status: IdTokenStatus;
  readonly statusReason?: string;
  readonly expiresAt?: string;
  readonly createdAt: string;
  /** Every change moves it: the later LocalAuthList sync sends chargers what changed since their version. */
  readonly updatedAt: string;
}

export function newIdToken(input: IdTokenCreate, now: Date): IdToken {
  const at = now.toISOString();
  return {
    idTag: input.idTag,
    type: input.type,
    customerId: input.customerId,
    ...(input.driverId === undefined ? {} : { driverId: input.driverId }),
    ...(input.groupIdTag === undefined ? {} : { groupIdTag: input.groupIdTag }),
    ...(input.vehicle === undefined ? {} : { vehicle: { ...input.vehicle, optInAt: at } }),
    ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt }),
    status: 'Accepted',
    createdAt: at,
    updatedAt: at,
  };
}

export function applyIdTokenPatch(token: IdToken, patch: IdTokenPatch, now: Date): IdToken {
  const { statusReason: _reason, expiresAt: _expiresAt, ...rest } = token;
  const status = patch.status ?? token.status;
  const statusReason = patch.status === undefined ? token.statusReason : patch.reason;
  const expiresAt = patch.expiresAt === undefined ? token.expiresAt : (patch.expiresAt ?? undefined);
  return {
    ...rest,
    status,
    ...(statusReason === undefined ? {} : { statusReason }),
    ...(expiresAt === undefined ? {} : { expiresAt }),
    updatedAt: now.toISOString(),
  };
}

export function blockIdToken(token: IdToken, reason: string, now: Date): IdToken {
  return { ...token, status: 'Blocked', statusReason: reason, updatedAt: now.toISOString() };
}

export function isIdTokenExpired(token: Pick<IdToken, 'expiresAt'>, now: Date): boolean {
  return token.expiresAt !== undefined && token.expiresAt <= now.toISOString();
}
