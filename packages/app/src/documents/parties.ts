import type { Customer, DocumentAddress, DocumentParty, PostalAddress, Tenant } from '@csms/core';

/**
 * Seller and buyer as a document records them at issue. A tenant that has not filled in its legal name,
 * address or VAT id in its settings still gets documents (the session happened and must be billed) with its
 * account name and country; `GET /v1/tenants/me` settings are where the rest is set.
 */
export function sellerOf(tenant: Pick<Tenant, 'name' | 'email' | 'country' | 'settings'>): DocumentParty {
  const { legalName, address, vatId } = tenant.settings;
  return {
    name: legalName ?? tenant.name,
    address: address ? addressOf(address) : { country: tenant.country },
    ...(vatId ? { vatId } : {}),
    email: tenant.email,
  };
}

/**
 * The buyer from the customer record; a consumer without a postal address is placed in the tenant's country
 * (EN 16931 wants the buyer's country, BR-11, and a consumer is billed where the service was delivered).
 * Without a customer (a session no account could be matched to) the buyer is an anonymous consumer.
 */
export function buyerOf(
  customer: Pick<Customer, 'name' | 'email' | 'address' | 'vatId'> | undefined,
  tenantCountry: string,
): DocumentParty {
  if (!customer) return { name: 'Consumer', address: { country: tenantCountry } };
  return {
    name: customer.name,
    address: customer.address ? addressOf(customer.address) : { country: tenantCountry },
    ...(customer.vatId ? { vatId: customer.vatId } : {}),
    email: customer.email,
  };
}

function addressOf(address: PostalAddress): DocumentAddress {
  return {
    line1: address.line1,
    ...(address.line2 ? { line2: address.line2 } : {}),
    postalCode: address.postalCode,
    city: address.city,
    country: address.country,
  };
}
