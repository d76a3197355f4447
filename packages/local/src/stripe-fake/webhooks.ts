import { createHmac } from 'node:crypto';
import type { FakeEvent } from './objects.ts';

/**
 * Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>` where the HMAC is
 * keyed with the endpoint's whole signing secret (`whsec_…`) over `<t>.<raw JSON body>`.
 */
export function stripeSignatureHeader(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}

export interface WebhookDelivery {
  status: number;
  body: string;
  /** Exactly what was sent, so a test can replay or tamper with it. */
  payload: string;
  signature: string;
}

/** POSTs an event the way Stripe delivers it: JSON body, `Stripe-Signature` header. */
export async function sendWebhook(
  url: string,
  event: FakeEvent | Record<string, unknown>,
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Promise<WebhookDelivery> {
  const payload = JSON.stringify(event, null, 2);
  const signature = stripeSignatureHeader(payload, secret, timestamp);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'stripe-signature': signature,
      'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    },
    body: payload,
  });
  return { status: response.status, body: await response.text(), payload, signature };
}
