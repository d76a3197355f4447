import type { RouteResponse } from '../../route.ts';

/**
 * 402 for a card that declined (RFC 9457 problem): not an error of the request, and nothing was charged.
 * `declineCode` is the issuer's reason when given; `detail` is safe to show to the driver.
 */
export const paymentDeclinedResponse = {
  description:
    'The card was declined, nothing was charged: a problem with `declineCode` (issuer reason or null)',
  contentType: 'application/problem+json',
} as const;

export function paymentDeclined(message: string, declineCode: string | null): RouteResponse {
  return {
    status: 402,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      type: 'about:blank',
      title: 'Payment declined',
      status: 402,
      detail: message,
      declineCode,
    }),
  };
}
