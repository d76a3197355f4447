import type { PriceSheet, PriceSheetEntry, TariffRestrictions } from '@csms/core';

/**
 * The short text a driver sees before starting (T3): VAT-inclusive prices in the tenant currency, e.g.
 * "€0.36/kWh, idle fee €0.12/min after 10 min, incl. 20% VAT". Restricted prices (time of day, power…) say
 * when they apply, so the text never promises a price that the session will not get.
 */
export function priceText(sheet: PriceSheet): string {
  const money = (amount: string) => `${currencySymbol(sheet.currency)}${amount}`;
  const parts = sheet.entries.map((entry) => {
    const when = entry.restrictions ? restrictionText(entry.restrictions) : '';
    return `${describe(entry, money)}${when ? ` (${when})` : ''}`;
  });
  const unique = [...new Set(parts)];
  return `${unique.length ? unique.join(', ') : 'free'}, incl. ${sheet.vatRate}% VAT`;
}

function describe(entry: PriceSheetEntry, money: (amount: string) => string): string {
  switch (entry.type) {
    case 'ENERGY':
      return `${money(entry.gross)}/kWh`;
    case 'TIME':
      return `${money(entry.gross)}/h charging`;
    case 'PARKING_TIME':
      return `${money(entry.gross)}/h parking`;
    case 'FLAT':
      return `${money(entry.gross)} per session`;
    case 'IDLE_FEE':
      return `idle fee ${money(entry.gross)}/min after ${entry.graceMinutes ?? 0} min`;
    case 'MIN_PRICE':
      return `minimum ${money(entry.gross)}`;
    case 'MAX_PRICE':
      return `maximum ${money(entry.gross)}`;
  }
}

const DAY = {
  MONDAY: 'Mon',
  TUESDAY: 'Tue',
  WEDNESDAY: 'Wed',
  THURSDAY: 'Thu',
  FRIDAY: 'Fri',
  SATURDAY: 'Sat',
  SUNDAY: 'Sun',
} as const;

function restrictionText(r: TariffRestrictions): string {
  const parts: string[] = [];
  if (r.startTime || r.endTime) parts.push(`${r.startTime ?? '00:00'}–${r.endTime ?? '24:00'}`);
  if (r.dayOfWeek) parts.push(r.dayOfWeek.map((d) => DAY[d]).join('/'));
  if (r.startDate || r.endDate) parts.push(`${r.startDate ?? ''}–${r.endDate ?? ''}`);
  if (r.minPower !== undefined) parts.push(`from ${r.minPower} kW`);
  if (r.maxPower !== undefined) parts.push(`below ${r.maxPower} kW`);
  if (r.minCurrent !== undefined) parts.push(`from ${r.minCurrent} A`);
  if (r.maxCurrent !== undefined) parts.push(`below ${r.maxCurrent} A`);
  if (r.minKwh !== undefined) parts.push(`from ${r.minKwh} kWh`);
  if (r.maxKwh !== undefined) parts.push(`up to ${r.maxKwh} kWh`);
  if (r.minDuration !== undefined) parts.push(`after ${formatMinutes(r.minDuration)}`);
  if (r.maxDuration !== undefined) parts.push(`first ${formatMinutes(r.maxDuration)}`);
  return parts.join(', ');
}

function formatMinutes(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${Math.round(seconds / 60)} min`;
}

/** "€", "$", "£"; a code that has no narrow symbol ("CHF") is followed by a space. */
export function currencySymbol(currency: string): string {
  try {
    const symbol =
      new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol' })
        .formatToParts(0)
        .find((part) => part.type === 'currency')?.value ?? currency;
    return /^[A-Za-z]+$/.test(symbol) ? `${symbol} ` : symbol;
  } catch {
    return `${currency} `;
  }
}
