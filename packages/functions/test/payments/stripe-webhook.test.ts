import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyStripeWebhook, WebhookSignatureError } from '@csms/functions/adapters/stripe/stripe-webhook';
import { type StripeFake, startStripeFake } from '@csms/local/stripe-fake/index';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/adapters/logger.ts';
import { problemResponse } from '../../src/http/problem.ts';

const silent = createLogger('silent');

const secret = 'whsec_csms_test_endpoint';
const event = {
  id: 'evt_1TestEvent',
  object: 'event',
  account: 'acct_1TestAccount00',
  api_version: null,
  created: 1_700_000_000,
  data: { object: { id: 'acct_1TestAccount00', object: 'account', charges_enabled: true } },
  livemode: false,
  pending_webhooks: 1,
  request: { id: null, idempotency_key: null },
  type: 'account.updated',
};
const payload = JSON.stringify(event);

async function failure(promise: Promise<unknown>): Promise<WebhookSignatureError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof WebhookSignatureError) return error;
    throw error;
  }
  throw new Error('expected verification to fail');
}

describe('verifyStripeWebhook', () => {
  it('returns the event for a body signed with our endpoint secret', async () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    const verified = await verifyStripeWebhook(payload, header, secret);
    expect(verified).toMatchObject({
      id: 'evt_1TestEvent',
      type: 'account.updated',
      account: 'acct_1TestAccount00',
    });
  });

  it('rejects a tampered body, another secret, a missing header and a stale timestamp', async () => {
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret });
    const tampered = payload.replace('"charges_enabled":true', '"charges_enabled":false');
    expect(tampered).not.toBe(payload);
    expect((await failure(verifyStripeWebhook(tampered, header, secret))).message).toContain(
      'Stripe webhook signature verification failed',
    );
    await failure(verifyStripeWebhook(payload, header, 'whsec_someone_else'));
    await failure(verifyStripeWebhook(payload, undefined, secret));
    const stale = Stripe.webhooks.generateTestHeaderString({
      payload,
      secret,
      timestamp: Math.floor(Date.now() / 1000) - 3600,
    });
    await failure(verifyStripeWebhook(payload, stale, secret));
  });

  it('is an unauthenticated domain error, answered 401', async () => {
    const error = await failure(verifyStripeWebhook(payload, 't=1,v1=deadbeef', secret));
    expect(error.kind).toBe('unauthenticated');
    expect(problemResponse(error, silent).statusCode).toBe(401);
  });
});

describe('a delivery from the Stripe fake', () => {
  let fake: StripeFake;
  let receiver: Server;
  let url: string;
  const outcomes: string[] = [];

  beforeAll(async () => {
    fake = await startStripeFake();
    // A stand-in webhook endpoint: verify the raw body exactly as received.
    receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        verifyStripeWebhook(body, req.headers['stripe-signature'] as string | undefined, secret).then(
          (verified) => {
            outcomes.push(`ok ${verified.type}`);
            res.writeHead(200).end();
          },
          (error: unknown) => {
            outcomes.push(error instanceof WebhookSignatureError ? 'rejected' : 'error');
            res.writeHead(problemResponse(error, silent).statusCode ?? 500).end();
          },
        );
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/stripe`;
  });
  afterAll(async () => {
    await fake?.close();
    await new Promise((resolve) => receiver?.close(resolve));
  });

  it('verifies round trip; the same event signed with another secret is rejected with 401', async () => {
    const ok = await fake.sendWebhook(url, event, secret);
    expect(ok.status).toBe(200);
    const forged = await fake.sendWebhook(url, event, 'whsec_attacker');
    expect(forged.status).toBe(401);
    expect(outcomes).toEqual(['ok account.updated', 'rejected']);
  });
});
