import * as z from 'zod';

/**
 * Which tariff prices a session (T2: prices may differ by station, AC/DC, customer group, individual
 * customer; time of day is handled inside the tariff by restrictions).
 *
 * Precedence, most specific first — the first level with a matching assignment wins:
 *
 *   customer > customer group > connector > charge point > site > tenant default
 *
 * and at every level an assignment qualified with a current type (AC or DC) beats the unqualified one.
 *
 * Why not the flat order "… charge point > AC/DC > site > tenant": AC/DC is not a place but a property of
 * the connector, and as a level of its own it would make a tenant-wide "DC costs more" rule override a
 * site's own tariff (an airport site priced high would suddenly be cheap at its DC chargers) — or, placed
 * below site, make the site tariff erase the AC/DC difference there. As a qualifier it refines each level:
 * "DC at this site" > "this site" > "DC anywhere" > "anywhere". Who charges comes before where: a contract
 * price for a customer or fleet (group) is what that customer agreed to, wherever they plug in; the
 * qualifier lets such a contract still price AC and DC differently.
 */
export const tariffAssignmentLevels = [
  'customer',
  'customerGroup',
  'connector',
  'chargePoint',
  'site',
  'tenant',
] as const;
export type TariffAssignmentLevel = (typeof tariffAssignmentLevels)[number];

export const tariffCurrentTypeSchema = z.enum(['AC', 'DC'], { error: 'AC or DC' });
export type TariffCurrentType = z.infer<typeof tariffCurrentTypeSchema>;

const id = z.string().min(1, 'Required').max(100, 'At most 100 characters');
const base = { tariffId: id, currentType: tariffCurrentTypeSchema.optional() };

export const tariffAssignmentSchema = z
  .discriminatedUnion(
    'level',
    [
      z.strictObject({ level: z.literal('customer'), customerId: id, ...base }),
      z.strictObject({ level: z.literal('customerGroup'), customerGroupId: id, ...base }),
      z.strictObject({
        level: z.literal('connector'),
        chargePointId: id,
        connectorId: z.number().int().min(1),
        ...base,
      }),
      z.strictObject({ level: z.literal('chargePoint'), chargePointId: id, ...base }),
      z.strictObject({ level: z.literal('site'), siteId: id, ...base }),
      z.strictObject({ level: z.literal('tenant'), ...base }),
    ],
    { error: `level: one of ${tariffAssignmentLevels.join(', ')}` },
  )
  .meta({ id: 'TariffAssignment', description: 'Assigns a tariff to a scope; the most specific scope wins' });
export type TariffAssignment = z.infer<typeof tariffAssignmentSchema>;

/** Who charges where: what assignments are matched against. */
export interface TariffContext {
  readonly customerId?: string;
  readonly customerGroupId?: string;
  readonly siteId?: string;
  readonly chargePointId: string;
  readonly connectorId: number;
  readonly currentType: TariffCurrentType;
}

export interface TariffChoice {
  readonly tariffId: string;
  /** The assignment that decided, for "why this price?" answers. */
  readonly assignment: TariffAssignment;
}

/**
 * The tariff for a context, or undefined when nothing matches (not even a tenant default): the caller then
 * refuses to start a session it cannot price. Among assignments of equal rank the first in the list wins;
 * `assignmentScopeKey` gives stores a key that keeps one assignment per scope, so that does not arise.
 */
export function chooseTariff(
  assignments: readonly TariffAssignment[],
  context: TariffContext,
): TariffChoice | undefined {
  let best: { rank: number; assignment: TariffAssignment } | undefined;
  for (const assignment of assignments) {
    if (!matches(assignment, context)) continue;
    const rank = rankOf(assignment);
    if (!best || rank < best.rank) best = { rank, assignment };
  }
  return best && { tariffId: best.assignment.tariffId, assignment: best.assignment };
}

/** Lower is more specific: two ranks per level, the current-type-qualified one first. */
export function rankOf(assignment: TariffAssignment): number {
  return tariffAssignmentLevels.indexOf(assignment.level) * 2 + (assignment.currentType ? 0 : 1);
}

/** A key naming the scope an assignment covers, e.g. `site#s1#DC`: one assignment per key. */
export function assignmentScopeKey(assignment: TariffAssignment): string {
  const scope = (() => {
    switch (assignment.level) {
      case 'customer':
        return [assignment.customerId];
      case 'customerGroup':
        return [assignment.customerGroupId];
      case 'connector':
        return [assignment.chargePointId, String(assignment.connectorId)];
      case 'chargePoint':
        return [assignment.chargePointId];
      case 'site':
        return [assignment.siteId];
      case 'tenant':
        return [];
    }
  })();
  return [assignment.level, ...scope, assignment.currentType ?? '*'].join('#');
}

function matches(assignment: TariffAssignment, context: TariffContext): boolean {
  if (assignment.currentType !== undefined && assignment.currentType !== context.currentType) return false;
  switch (assignment.level) {
    case 'customer':
      return assignment.customerId === context.customerId;
    case 'customerGroup':
      return assignment.customerGroupId === context.customerGroupId;
    case 'connector':
      return (
        assignment.chargePointId === context.chargePointId && assignment.connectorId === context.connectorId
      );
    case 'chargePoint':
      return assignment.chargePointId === context.chargePointId;
    case 'site':
      return assignment.siteId === context.siteId;
    case 'tenant':
      return true;
  }
}
