import { resourceMissing } from '../errors.ts';
import { stripeId } from '../ids.ts';
import type { FakeCustomer } from '../objects.ts';
import { Params } from '../params.ts';
import { type Handler, pathParam, type StripeRequest } from '../request-context.ts';

export const createCustomer: Handler = (req) => {
  const params = new Params(req.form, ['description', 'email', 'metadata', 'name', 'phone']);
  const customer: FakeCustomer = {
    id: stripeId('cus'),
    object: 'customer',
    created: req.state.now(),
    description: params.string('description') ?? null,
    email: params.string('email') ?? null,
    livemode: false,
    metadata: params.metadata(),
    name: params.string('name') ?? null,
    phone: params.string('phone') ?? null,
  };
  req.ledger.customers.set(customer.id, customer);
  return customer;
};

export const retrieveCustomer: Handler = (req) => findCustomer(req, pathParam(req), 'id');

/** Customers are per account: a platform customer is unknown on a connected account, and vice versa. */
export function findCustomer(req: StripeRequest, id: string, param: string): FakeCustomer {
  const customer = req.ledger.customers.get(id);
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}
