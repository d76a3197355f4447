import { compareDecimals } from './decimal.ts';
import type {
  DatedTariffVersion,
  TariffRestrictions,
  TariffVersion,
  TariffWithVersions,
} from './tariff-schema.ts';

/** Rule T3: by default a price change takes effect only after 3 days' notice. */
export const DEFAULT_NOTICE_DAYS = 3;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The version that prices a session (T3: the version in force at the session's start): the one with the
 * latest `effectiveFrom` not after `sessionStart` (on equal instants the higher version number). A session
 * that started before the first version existed — e.g. one recorded offline and reported late — is priced
 * by the first version: there is nothing older to apply, and refusing to price would lose revenue.
 */
export function versionInForceAt(tariff: TariffWithVersions, sessionStart: Date): DatedTariffVersion {
  const ordered = chronological(tariff.versions);
  const first = ordered[0];
  if (!first) throw new RangeError(`Tariff ${tariff.id} has no versions`);
  let inForce = first;
  for (const version of ordered) {
    if (version.effectiveFrom.getTime() <= sessionStart.getTime()) inForce = version;
  }
  return inForce;
}

/** A version to be added: the prices and when they take effect. */
export type NewTariffVersion = TariffVersion & { readonly effectiveFrom: Date };

export type TariffVersionRejection =
  | {
      readonly code: 'EFFECTIVE_IN_THE_PAST';
      readonly field: 'effectiveFrom';
      readonly message: string;
    }
  | {
      readonly code: 'NOT_AFTER_LATEST_VERSION';
      readonly field: 'effectiveFrom';
      readonly message: string;
      readonly latestVersion: number;
      readonly latestEffectiveFrom: Date;
    }
  | {
      readonly code: 'NOTICE_TOO_SHORT';
      readonly field: 'effectiveFrom';
      readonly message: string;
      readonly earliestEffectiveFrom: Date;
      /** Why this is not a price decrease (see `priceIncreases`). */
      readonly increases: readonly string[];
    };

export type NewVersionCheck =
  | {
      readonly ok: true;
      /** The number the new version gets: one above the latest. */
      readonly version: number;
      /** True when the version takes effect before the notice period is over, allowed as a price decrease. */
      readonly noticeWaived: boolean;
    }
  | { readonly ok: false; readonly error: TariffVersionRejection };

/**
 * T3: whether `candidate` may be added to `existing`.
 * - Versions are appended: a new version takes effect after the latest one (scheduled ones included), so
 *   the version compared against is the one in force right before the candidate. Reordering scheduled
 *   versions is done by withdrawing them, not by slipping one in between.
 * - Never retroactively (`effectiveFrom` ≥ `now`): finished sessions keep the price they were sold at.
 * - At least `noticeDays` ahead, unless the candidate is a price decrease (`priceIncreases` is empty):
 *   nobody needs notice of paying less, so a decrease may take effect at once.
 * The first version of a tariff needs no notice: there is no earlier price to protect anyone from.
 */
export function validateNewVersion(
  existing: TariffWithVersions,
  candidate: NewTariffVersion,
  now: Date,
  noticeDays: number = DEFAULT_NOTICE_DAYS,
): NewVersionCheck {
  const latest = chronological(existing.versions).at(-1);
  const effective = candidate.effectiveFrom.getTime();
  if (!latest) return { ok: true, version: 1, noticeWaived: false };
  const version = Math.max(...existing.versions.map((v) => v.version)) + 1;

  if (effective < now.getTime()) {
    return {
      ok: false,
      error: {
        code: 'EFFECTIVE_IN_THE_PAST',
        field: 'effectiveFrom',
        message: `effectiveFrom ${candidate.effectiveFrom.toISOString()} is in the past; prices never change retroactively`,
      },
    };
  }
  if (effective <= latest.effectiveFrom.getTime()) {
    return {
      ok: false,
      error: {
        code: 'NOT_AFTER_LATEST_VERSION',
        field: 'effectiveFrom',
        message: `effectiveFrom must be after version ${latest.version}, effective ${latest.effectiveFrom.toISOString()}`,
        latestVersion: latest.version,
        latestEffectiveFrom: latest.effectiveFrom,
      },
    };
  }
  const earliest = now.getTime() + noticeDays * DAY_MS;
  if (effective >= earliest) return { ok: true, version, noticeWaived: false };
  const increases = priceIncreases(latest, candidate);
  if (increases.length === 0) return { ok: true, version, noticeWaived: true };
  return {
    ok: false,
    error: {
      code: 'NOTICE_TOO_SHORT',
      field: 'effectiveFrom',
      message:
        `A change that is not a price decrease takes effect after ${noticeDays} days' notice, ` +
        `from ${new Date(earliest).toISOString()}: ${increases.join('; ')}`,
      earliestEffectiveFrom: new Date(earliest),
      increases,
    },
  };
}

/**
 * Why `candidate` could make some session cost more than `current` did; empty means a price decrease (or
 * no change), which needs no notice. The definition is deliberately structural, so it can be checked
 * exactly instead of by sampling sessions: a decrease keeps the currency, time zone and the elements with
 * their restrictions, component types and order (any of these can move a session to a dearer element), and
 * - no price (component, idle fee per minute, min price) rises and the VAT rate does not rise;
 * - each step size equals or divides the old one (rounding up to a divisor never bills more; a different
 *   step could: 60 → 90 s bills 90 s for 61 s);
 * - the idle fee is not introduced, its grace does not shrink, its cap does not rise or disappear, and it
 *   is not removed while PARKING_TIME is priced (which would then bill the final idle period instead);
 * - the max price does not rise or disappear.
 */
export function priceIncreases(current: TariffVersion, candidate: TariffVersion): string[] {
  const reasons: string[] = [];
  const rises = (a: string, b: string) => compareDecimals(b, a) > 0;
  if (current.currency !== candidate.currency) {
    reasons.push(`currency changes from ${current.currency} to ${candidate.currency}`);
    return reasons; // prices in different currencies do not compare
  }
  if (current.timeZone !== candidate.timeZone)
    reasons.push('timeZone changes, which moves time-of-day windows');
  if (rises(current.vatRate, candidate.vatRate)) {
    reasons.push(`vatRate rises from ${current.vatRate} to ${candidate.vatRate}`);
  }
  if (current.elements.length !== candidate.elements.length) {
    reasons.push('elements are added or removed');
  } else {
    current.elements.forEach((element, i) => {
      const next = candidate.elements[i];
      if (!next) return;
      if (!sameRestrictions(element.restrictions, next.restrictions)) {
        reasons.push(`elements[${i}].restrictions change`);
      }
      const types = (e: typeof element) => e.priceComponents.map((c) => c.type).join(',');
      if (types(element) !== types(next)) {
        reasons.push(`elements[${i}].priceComponents change type or order`);
        return;
      }
      element.priceComponents.forEach((component, j) => {
        const other = next.priceComponents[j];
        if (!other) return;
        const path = `elements[${i}].priceComponents[${j}] (${component.type})`;
        if (rises(component.price, other.price)) {
          reasons.push(`${path} price rises from ${component.price} to ${other.price}`);
        }
        const oldStep = component.stepSize ?? 1;
        const newStep = other.stepSize ?? 1;
        if (component.type !== 'FLAT' && oldStep % newStep !== 0) {
          reasons.push(`${path} stepSize changes from ${oldStep} to ${newStep}, which can round up more`);
        }
      });
    });
  }

  const fee = current.idleFee;
  const nextFee = candidate.idleFee;
  if (nextFee && !fee) reasons.push('an idle fee is introduced');
  const billsParking = candidate.elements.some((e) =>
    e.priceComponents.some((c) => c.type === 'PARKING_TIME' && compareDecimals(c.price, '0') > 0),
  );
  if (fee && !nextFee && billsParking) {
    reasons.push('the idle fee is removed, so PARKING_TIME prices the final idle period instead');
  }
  if (fee && nextFee) {
    if (rises(fee.pricePerMinute, nextFee.pricePerMinute)) {
      reasons.push(`idleFee.pricePerMinute rises from ${fee.pricePerMinute} to ${nextFee.pricePerMinute}`);
    }
    if (nextFee.graceMinutes < fee.graceMinutes) {
      reasons.push(`idleFee.graceMinutes shrinks from ${fee.graceMinutes} to ${nextFee.graceMinutes}`);
    }
    if (
      fee.maxAmount !== undefined &&
      (nextFee.maxAmount === undefined || rises(fee.maxAmount, nextFee.maxAmount))
    ) {
      reasons.push('idleFee.maxAmount rises or is removed');
    }
  }
  if (rises(current.minPrice ?? '0', candidate.minPrice ?? '0')) reasons.push('minPrice rises');
  if (
    current.maxPrice !== undefined &&
    (candidate.maxPrice === undefined || rises(current.maxPrice, candidate.maxPrice))
  ) {
    reasons.push('maxPrice rises or is removed');
  }
  return reasons;
}

function chronological(versions: readonly DatedTariffVersion[]): DatedTariffVersion[] {
  return [...versions].sort(
    (a, b) => a.effectiveFrom.getTime() - b.effectiveFrom.getTime() || a.version - b.version,
  );
}

function sameRestrictions(a: TariffRestrictions | undefined, b: TariffRestrictions | undefined): boolean {
  const normalize = (r: TariffRestrictions | undefined) =>
    JSON.stringify(
      Object.entries(r ?? {})
        .filter(([, value]) => value !== undefined)
        .map(([key, value]) => [key, Array.isArray(value) ? [...value].sort() : value])
        .sort(([x], [y]) => String(x).localeCompare(String(y))),
    );
  return normalize(a) === normalize(b);
}
