import type { PersonalData } from '@csms/app/customers/privacy/personal-data';
import * as z from 'zod';
import { customerView, driverView, toCustomerView, toDriverView } from './customer-view.ts';
import { idTokenView, toIdTokenView } from './id-token-view.ts';
import { toWalletView, walletView } from './payments/wallet-view.ts';

/**
 * The GDPR export (A5) as one JSON document: a section per kind of personal data, each with its documented
 * schema and how it is rendered from the use case's `PersonalData`. A new kind of data adds its section here.
 */
interface PersonalDataSection<S extends z.ZodType = z.ZodType> {
  readonly name: string;
  readonly schema: S;
  readonly render: (data: PersonalData) => z.infer<S>;
}

const section = <S extends z.ZodType>(s: PersonalDataSection<S>): PersonalDataSection => s;

const sections: readonly PersonalDataSection[] = [
  section({
    name: 'customer',
    schema: customerView.describe('Profile, status, consents and Terms acceptances with their histories'),
    render: ({ customer: { customer, terms, at } }) => toCustomerView(customer, terms, at),
  }),
  section({
    name: 'drivers',
    schema: z.array(driverView),
    render: ({ drivers }) => drivers.map(toDriverView),
  }),
  section({
    name: 'idTokens',
    schema: z.array(idTokenView),
    render: ({ idTokens, exportedAt }) => idTokens.map((t) => toIdTokenView(t, exportedAt)),
  }),
  section({
    name: 'wallet',
    schema: walletView.describe(
      'Balance, vouchers, discount codes, card (brand and last 4 only), credit, debt',
    ),
    render: ({ wallet }) => toWalletView(wallet),
  }),
];

export const personalDataExportView = z
  .object({
    exportedAt: z.string().describe('ISO 8601 timestamp (UTC)'),
    ...Object.fromEntries(sections.map((s) => [s.name, s.schema])),
  })
  .meta({ id: 'PersonalDataExport' });

export const toPersonalDataExportView = (data: PersonalData): Record<string, unknown> => ({
  exportedAt: data.exportedAt.toISOString(),
  ...Object.fromEntries(sections.map((s) => [s.name, s.render(data)])),
});
