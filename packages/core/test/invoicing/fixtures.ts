import type {
  DocumentParty,
  InvoiceDocument,
  InvoiceDraft,
  PricedSession,
} from '../../src/invoicing/index.ts';
import { type CostBreakdown, priceSession } from '../../src/pricing/price-session.ts';
import type { TariffVersion } from '../../src/pricing/tariff-schema.ts';
import { aSession, aTariff, type Segment } from '../pricing/builders.ts';

export const seller: DocumentParty = {
  name: 'Volt Parking GmbH',
  address: { line1: 'Hafenstraße 1', postalCode: '20457', city: 'Hamburg', country: 'DE' },
  vatId: 'DE123456789',
  email: 'billing@volt.example',
};

export const buyer: DocumentParty = {
  name: 'Fleet & Co. KG',
  address: { line1: 'Ring 5', postalCode: '80331', city: 'München', country: 'DE' },
  vatId: 'DE987654321',
  email: 'ap@fleet.example',
};

/** A stopped session priced by the real cost function, as the workflow hands it over. */
export function pricedSession(
  id: string,
  start: string,
  segments: readonly Segment[],
  tariff: TariffVersion = aTariff(),
): PricedSession & { readonly cost: CostBreakdown } {
  const facts = aSession({ start, segments });
  const cost = priceSession(tariff, facts);
  return {
    session: {
      id,
      chargePointId: 'CP-1',
      connectorId: 1,
      startedAt: facts.startedAt.toISOString(),
      stoppedAt: facts.stoppedAt?.toISOString(),
    },
    cost,
  };
}

/** What finalisation adds to a draft; the unit tests stand in for the store. */
export function finalised(draft: InvoiceDraft, number: string, id = `doc-${number}`): InvoiceDocument {
  return {
    ...draft,
    id,
    number,
    series: number.slice(0, 6),
    status: 'issued',
    issuedAt: `${draft.issueDate}T12:00:00.000Z`,
    creditedGross: 0,
  };
}
