import { anonymizeCustomerData } from '@csms/app/customers/privacy/anonymize-customer';
import { exportPersonalData } from '@csms/app/customers/privacy/personal-data';
import { ACCESS } from '../roles.ts';
import { ok, type Route, route } from '../route.ts';
import { customerView, toCustomerView } from './customer-view.ts';
import { personalDataExportView, toPersonalDataExportView } from './personal-data-view.ts';

const TAG = 'Privacy';

/** GDPR (A5): access/portability and erasure. Rectification is `PATCH /v1/customers/{id}`. */
export const customerPrivacyRoutes: Route[] = [
  route({
    method: 'GET',
    path: '/v1/customers/{id}/export',
    operationId: 'exportCustomerData',
    summary: 'Export all personal data held on a customer',
    description:
      'Profile, consents and their history, Terms acceptances, drivers and ID tokens, as one JSON document ' +
      '(GDPR access and portability).',
    tag: TAG,
    roles: ACCESS.admin,
    responses: { 200: { description: 'The personal data', schema: personalDataExportView } },
    handle: async ({ principal, params, deps }) => {
      const data = await exportPersonalData(deps, principal.tenantId, params.id);
      return {
        status: 200,
        body: toPersonalDataExportView(data),
        headers: {
          'content-disposition': `attachment; filename="customer-${data.customer.customer.id}.json"`,
        },
      };
    },
  }),
  route({
    method: 'POST',
    path: '/v1/customers/{id}/anonymize',
    operationId: 'anonymizeCustomer',
    summary: "Erase a customer's personal data",
    description:
      'Names, e-mail addresses, phone, address, VAT ID, driver names and vehicle labels are replaced by ' +
      'placeholders; marketing is switched off; ID tokens are blocked; the account is closed (irrevocably). ' +
      'Ids, Terms and consent history (no personal data) and accounting records stay. Refused with 409 while ' +
      'debt is outstanding: the claim needs its debtor (settle it first). Repeating it changes nothing.',
    tag: TAG,
    roles: ACCESS.admin,
    responses: { 200: { description: 'The anonymized customer', schema: customerView } },
    handle: async ({ principal, params, deps }) => {
      const { customer, terms, at } = await anonymizeCustomerData(deps, principal.tenantId, params.id);
      return ok(toCustomerView(customer, terms, at));
    },
  }),
];
