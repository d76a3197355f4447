import type { Handler } from './request-context.ts';
import { createAccount, createAccountLink, retrieveAccount } from './resources/accounts.ts';
import { createCustomer, retrieveCustomer } from './resources/customers.ts';
import {
  cancelPaymentIntent,
  capturePaymentIntent,
  confirmPaymentIntent,
  createPaymentIntent,
  retrievePaymentIntent,
} from './resources/payment-intents.ts';
import { retrievePaymentMethod } from './resources/payment-methods.ts';
import { createRefund } from './resources/refunds.ts';
import { confirmSetupIntent, createSetupIntent, retrieveSetupIntent } from './resources/setup-intents.ts';

interface Route {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handler: Handler;
}

const ID = '([A-Za-z0-9_]+)';
const route = (method: Route['method'], path: string, handler: Handler): Route => ({
  method,
  pattern: new RegExp(`^${path.replaceAll(':id', ID)}$`),
  handler,
});

/** The endpoints the fake implements; anything else is answered like Stripe's unrecognized URL (404). */
const routes: readonly Route[] = [
  route('POST', '/v1/accounts', createAccount),
  route('GET', '/v1/accounts/:id', retrieveAccount),
  route('POST', '/v1/account_links', createAccountLink),
  route('POST', '/v1/customers', createCustomer),
  route('GET', '/v1/customers/:id', retrieveCustomer),
  route('GET', '/v1/payment_methods/:id', retrievePaymentMethod),
  route('POST', '/v1/setup_intents', createSetupIntent),
  route('GET', '/v1/setup_intents/:id', retrieveSetupIntent),
  route('POST', '/v1/setup_intents/:id/confirm', confirmSetupIntent),
  route('POST', '/v1/payment_intents', createPaymentIntent),
  route('GET', '/v1/payment_intents/:id', retrievePaymentIntent),
  route('POST', '/v1/payment_intents/:id/confirm', confirmPaymentIntent),
  route('POST', '/v1/payment_intents/:id/capture', capturePaymentIntent),
  route('POST', '/v1/payment_intents/:id/cancel', cancelPaymentIntent),
  route('POST', '/v1/refunds', createRefund),
];

export function matchRoute(
  method: string,
  path: string,
): { handler: Handler; pathParams: string[] } | undefined {
  for (const candidate of routes) {
    if (candidate.method !== method) continue;
    const match = candidate.pattern.exec(path);
    if (match) return { handler: candidate.handler, pathParams: match.slice(1).map((p) => p ?? '') };
  }
  return undefined;
}
