/**
 * Stripe's test-mode PaymentMethod tokens (`pm_card_visa`, …): usable on any account, each use creates a new
 * `pm_…` on the account it is used on. Declines follow Stripe's test cards: `pm_card_chargeDeclined`
 * (4000000000000002) fails already when saved with a SetupIntent, while `pm_card_chargeCustomerFail`
 * (4000000000000341) saves fine and only fails when charged, which is the realistic off-session decline.
 */
export interface TestCard {
  brand: string;
  last4: string;
  country: string;
  funding: 'credit' | 'debit';
  /** Decline code when the card is saved (SetupIntent confirmation), if it is declined there. */
  declineOnSetup?: string;
  /** Decline code when the card is charged or authorised (PaymentIntent confirmation). */
  declineOnCharge?: string;
}

export const testCards: Readonly<Record<string, TestCard>> = {
  pm_card_visa: { brand: 'visa', last4: '4242', country: 'US', funding: 'credit' },
  pm_card_visa_debit: { brand: 'visa', last4: '5556', country: 'US', funding: 'debit' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444', country: 'US', funding: 'credit' },
  pm_card_amex: { brand: 'amex', last4: '8431', country: 'US', funding: 'credit' },
  pm_card_no: { brand: 'visa', last4: '0003', country: 'NO', funding: 'credit' },
  pm_card_de: { brand: 'visa', last4: '0016', country: 'DE', funding: 'credit' },
  pm_card_chargeDeclined: {
    brand: 'visa',
    last4: '0002',
    country: 'US',
    funding: 'credit',
    declineOnSetup: 'generic_decline',
    declineOnCharge: 'generic_decline',
  },
  pm_card_chargeDeclinedInsufficientFunds: {
    brand: 'visa',
    last4: '9995',
    country: 'US',
    funding: 'credit',
    declineOnCharge: 'insufficient_funds',
  },
  pm_card_chargeCustomerFail: {
    brand: 'visa',
    last4: '0341',
    country: 'US',
    funding: 'credit',
    declineOnCharge: 'generic_decline',
  },
};

const declineMessages: Record<string, string> = {
  generic_decline: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
};

export function declineMessage(declineCode: string): string {
  return declineMessages[declineCode] ?? 'Your card was declined.';
}
