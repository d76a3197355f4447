import { priceSheet, type TariffVersion } from '@csms/core';
import { describe, expect, it } from 'vitest';
import { currencySymbol, priceText } from '../../src/pricing/price-text.ts';

const base: TariffVersion = {
  currency: 'EUR',
  vatRate: '20',
  timeZone: 'Europe/Berlin',
  elements: [{ priceComponents: [{ type: 'ENERGY', price: '0.30' }] }],
};

const textOf = (tariff: Partial<TariffVersion>) => priceText(priceSheet({ ...base, ...tariff }));

describe('priceText (T3: VAT-inclusive, in the tenant currency)', () => {
  it('shows gross prices: energy and an idle fee with its grace period', () => {
    expect(textOf({ idleFee: { pricePerMinute: '0.10', graceMinutes: 10 } })).toBe(
      '€0.36/kWh, idle fee €0.12/min after 10 min, incl. 20% VAT',
    );
  });

  it('names every component, the minimum and the maximum', () => {
    const text = textOf({
      elements: [
        {
          priceComponents: [
            { type: 'FLAT', price: '0.50' },
            { type: 'ENERGY', price: '0.30' },
            { type: 'TIME', price: '1.20' },
            { type: 'PARKING_TIME', price: '2.00' },
          ],
        },
      ],
      minPrice: '1.00',
      maxPrice: '50.00',
    });
    expect(text).toBe(
      '€0.60 per session, €0.36/kWh, €1.44/h charging, €2.40/h parking, minimum €1.20, maximum €60.00, incl. 20% VAT',
    );
  });

  it('says when a restricted price applies, so it never promises a price the session will not get', () => {
    const text = textOf({
      elements: [
        {
          priceComponents: [{ type: 'ENERGY', price: '0.25' }],
          restrictions: { startTime: '22:00', endTime: '06:00', dayOfWeek: ['SATURDAY', 'SUNDAY'] },
        },
        { priceComponents: [{ type: 'ENERGY', price: '0.50' }], restrictions: { minPower: 50 } },
        { priceComponents: [{ type: 'TIME', price: '3.00' }], restrictions: { minDuration: 7_200 } },
        { priceComponents: [{ type: 'ENERGY', price: '0.30' }] },
      ],
    });
    expect(text).toBe(
      '€0.30/kWh (22:00–06:00, Sat/Sun), €0.60/kWh (from 50 kW), €3.60/h charging (after 2 h), €0.36/kWh, incl. 20% VAT',
    );
  });

  it('mentions a price shown twice only once', () => {
    const text = textOf({
      elements: [
        { priceComponents: [{ type: 'ENERGY', price: '0.30' }] },
        {
          priceComponents: [
            { type: 'ENERGY', price: '0.30' },
            { type: 'FLAT', price: '1.00' },
          ],
        },
      ],
    });
    expect(text).toBe('€0.36/kWh, €1.20 per session, incl. 20% VAT');
  });

  it('writes other currencies with their narrow symbol, or the code and a space', () => {
    expect(textOf({ currency: 'GBP' })).toBe('£0.36/kWh, incl. 20% VAT');
    expect(textOf({ currency: 'CHF', vatRate: '8.1' })).toBe('CHF 0.32/kWh, incl. 8.1% VAT');
    expect(currencySymbol('USD')).toBe('$');
    expect(currencySymbol('not a currency')).toBe('not a currency ');
  });
});
