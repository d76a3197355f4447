import type { TariffDimension, TariffRestrictions, TariffVersion } from './tariff-schema.ts';
import { grossUnitPrice } from './vat.ts';

export interface PriceSheetEntry {
  readonly type: TariffDimension | 'IDLE_FEE' | 'MIN_PRICE' | 'MAX_PRICE';
  readonly unit: 'kWh' | 'h' | 'min' | 'session';
  readonly net: string;
  /** VAT-inclusive: what a consumer is shown (T3). */
  readonly gross: string;
  /** When the price applies (time of day, power …); absent = always. */
  readonly restrictions?: TariffRestrictions;
  /** IDLE_FEE only: free minutes after charging ended. */
  readonly graceMinutes?: number;
}

/** The prices of a tariff version as shown before a session starts (T3): VAT-inclusive, in its currency. */
export interface PriceSheet {
  readonly currency: string;
  readonly vatRate: string;
  readonly entries: readonly PriceSheetEntry[];
}

const UNITS = { ENERGY: 'kWh', TIME: 'h', PARKING_TIME: 'h', FLAT: 'session' } as const;

export function priceSheet(tariff: TariffVersion): PriceSheet {
  const gross = (net: string) => grossUnitPrice(net, tariff.vatRate, tariff.currency);
  const entries: PriceSheetEntry[] = [];
  for (const element of tariff.elements) {
    for (const component of element.priceComponents) {
      entries.push({
        type: component.type,
        unit: UNITS[component.type],
        net: component.price,
        gross: gross(component.price),
        ...(element.restrictions ? { restrictions: element.restrictions } : {}),
      });
    }
  }
  if (tariff.idleFee) {
    entries.push({
      type: 'IDLE_FEE',
      unit: 'min',
      net: tariff.idleFee.pricePerMinute,
      gross: gross(tariff.idleFee.pricePerMinute),
      graceMinutes: tariff.idleFee.graceMinutes,
    });
  }
  if (tariff.minPrice !== undefined) {
    entries.push({ type: 'MIN_PRICE', unit: 'session', net: tariff.minPrice, gross: gross(tariff.minPrice) });
  }
  if (tariff.maxPrice !== undefined) {
    entries.push({ type: 'MAX_PRICE', unit: 'session', net: tariff.maxPrice, gross: gross(tariff.maxPrice) });
  }
  return { currency: tariff.currency, vatRate: tariff.vatRate, entries };
}
