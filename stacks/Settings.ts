import { Config, type StackContext } from 'sst/constructs';

/** Stand-in sender until the stage has its own SES identity; override with CSMS_EMAIL_FROM at deploy time. */
export const DEFAULT_EMAIL_FROM = 'no-reply@example.com';

/**
 * Deploy-time settings. The Stripe keys and the CA key-encryption key are SST secrets (SSM SecureString parameters, set per stage with
 * `npx sst secrets set`); nothing of them reaches the template. The SES sender is a plain parameter.
 */
export function Settings({ stack }: StackContext) {
  const stripeSecretKey = new Config.Secret(stack, 'STRIPE_SECRET_KEY');
  const stripeWebhookSecret = new Config.Secret(stack, 'STRIPE_WEBHOOK_SECRET');
  // 32 random bytes, base64 (`openssl rand -base64 32`): encrypts each tenant's charging-station CA key.
  const caKeyEncryptionKey = new Config.Secret(stack, 'CA_KEY_ENCRYPTION_KEY');
  const emailFrom = new Config.Parameter(stack, 'EMAIL_FROM', {
    value: process.env.CSMS_EMAIL_FROM || DEFAULT_EMAIL_FROM,
  });
  return { stripeSecretKey, stripeWebhookSecret, caKeyEncryptionKey, emailFrom };
}
