import { invalidRequest, paramError, resourceMissing } from '../errors.ts';
import { randomText, stripeId } from '../ids.ts';
import type { FakeAccount, FakeAccountLink } from '../objects.ts';
import { Params } from '../params.ts';
import { type Handler, pathParam } from '../request-context.ts';
import type { FakeState } from '../state.ts';

const LINK_LIFETIME_SECONDS = 300;

/** What a freshly created account still owes Stripe before it may charge and be paid out. */
const INITIAL_REQUIREMENTS = [
  'business_profile.mcc',
  'business_profile.url',
  'business_type',
  'external_account',
  'representative.first_name',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

const NON_EURO_CURRENCY: Record<string, string> = {
  AU: 'aud',
  CA: 'cad',
  CH: 'chf',
  CZ: 'czk',
  DK: 'dkk',
  GB: 'gbp',
  HU: 'huf',
  JP: 'jpy',
  NO: 'nok',
  NZ: 'nzd',
  PL: 'pln',
  RO: 'ron',
  SE: 'sek',
  US: 'usd',
};

type Controller = FakeAccount['controller'];

/** The legacy `type` an account reports, which follows from its dashboard access. */
const typeForDashboard: Record<string, FakeAccount['type']> = { full: 'standard', express: 'express' };

/** Legacy account types are shorthands for controller settings (Stripe's "controller properties"). */
function controllerForType(type: string): Controller {
  const base = { is_controller: true as const, type: 'application' as const };
  if (type === 'standard') {
    return {
      ...base,
      fees: { payer: 'account' },
      losses: { payments: 'stripe' },
      requirement_collection: 'stripe',
      stripe_dashboard: { type: 'full' },
    };
  }
  if (type === 'express') {
    return {
      ...base,
      fees: { payer: 'application' },
      losses: { payments: 'application' },
      requirement_collection: 'stripe',
      stripe_dashboard: { type: 'express' },
    };
  }
  return {
    ...base,
    fees: { payer: 'application' },
    losses: { payments: 'application' },
    requirement_collection: 'application',
    stripe_dashboard: { type: 'none' },
  };
}

function controllerFromParams(params: Params): Controller {
  const dashboard = params.child('stripe_dashboard', ['type'])?.oneOf('type', ['express', 'full', 'none']);
  return {
    is_controller: true,
    type: 'application',
    fees: { payer: params.child('fees', ['payer'])?.oneOf('payer', ['account', 'application']) ?? 'account' },
    losses: {
      payments:
        params.child('losses', ['payments'])?.oneOf('payments', ['application', 'stripe']) ?? 'stripe',
    },
    requirement_collection: params.oneOf('requirement_collection', ['application', 'stripe']) ?? 'stripe',
    stripe_dashboard: { type: dashboard ?? 'full' },
  };
}

export const createAccount: Handler = (req) => {
  if (req.connected) throw invalidRequest('Connected accounts cannot create other accounts.');
  const params = new Params(req.form, [
    'business_profile',
    'business_type',
    'capabilities',
    'controller',
    'country',
    'default_currency',
    'email',
    'metadata',
    'type',
  ]);
  const type = params.oneOf('type', ['custom', 'express', 'standard']);
  const controllerParams = params.child('controller', [
    'fees',
    'losses',
    'requirement_collection',
    'stripe_dashboard',
  ]);
  if (type && controllerParams) {
    throw paramError('You cannot specify both `type` and `controller`.', 'controller');
  }
  const controller = controllerParams
    ? controllerFromParams(controllerParams)
    : controllerForType(type ?? 'standard');
  // Stripe defaults to the platform's country; the fake's platform is in the US.
  const country = (params.string('country') ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw paramError(`Country '${country}' is unknown.`, 'country');

  const capabilities: FakeAccount['capabilities'] = {};
  // Accounts with the full Stripe Dashboard get payments and transfers without asking.
  if (controller.stripe_dashboard.type === 'full') {
    capabilities.card_payments = 'inactive';
    capabilities.transfers = 'inactive';
  }
  const requested = params.child('capabilities', 'any');
  for (const name of requested?.keys() ?? []) {
    if (requested?.child(name, ['requested'])?.boolean('requested')) capabilities[name] = 'inactive';
  }

  const profile = params.child('business_profile', [
    'mcc',
    'name',
    'product_description',
    'support_email',
    'url',
  ]);
  const account: FakeAccount = {
    id: stripeId('acct'),
    object: 'account',
    business_profile: {
      name: profile?.string('name') ?? null,
      url: profile?.string('url') ?? null,
      support_email: profile?.string('support_email') ?? null,
    },
    business_type:
      params.oneOf('business_type', ['company', 'government_entity', 'individual', 'non_profit']) ?? null,
    capabilities,
    charges_enabled: false,
    controller,
    country,
    created: req.state.now(),
    default_currency: params.string('default_currency') ?? defaultCurrency(country),
    details_submitted: false,
    email: params.string('email') ?? null,
    metadata: params.metadata(),
    payouts_enabled: false,
    requirements: {
      currently_due: [...INITIAL_REQUIREMENTS],
      eventually_due: [...INITIAL_REQUIREMENTS],
      disabled_reason: 'requirements.past_due',
    },
    type: typeForDashboard[controller.stripe_dashboard.type] ?? 'custom',
  };
  req.state.accounts.set(account.id, account);
  return account;
};

/** The fake targets European operators: a country not listed is taken to be in the euro area. */
function defaultCurrency(country: string): string {
  return NON_EURO_CURRENCY[country] ?? 'eur';
}

export const retrieveAccount: Handler = (req) => {
  const id = pathParam(req);
  const account = req.state.accounts.get(id);
  // A connected account may read itself; the platform may read all of its connected accounts.
  if (!account || (req.connected && req.account !== id)) throw resourceMissing('account', id, 'account');
  return account;
};

export const createAccountLink: Handler = (req) => {
  if (req.connected)
    throw invalidRequest('Account links must be created by the platform, without Stripe-Account.');
  const params = new Params(req.form, [
    'account',
    'collect',
    'collection_options',
    'refresh_url',
    'return_url',
    'type',
  ]);
  const accountId = params.requiredString('account');
  const type = params.oneOf('type', ['account_onboarding', 'account_update']);
  if (!type) throw paramError('Missing required param: type.', 'type', 'parameter_missing');
  const account = req.state.accounts.get(accountId);
  if (!account) throw resourceMissing('account', accountId, 'account');
  if (type === 'account_update' && account.controller.stripe_dashboard.type !== 'none') {
    throw invalidRequest(
      'You cannot create `account_update` type Account Links for accounts with access to a Stripe-hosted Dashboard.',
      { param: 'type' },
    );
  }
  const refreshUrl = url(params, 'refresh_url');
  const returnUrl = url(params, 'return_url');
  const created = req.state.now();
  const token = randomText(12);
  req.state.accountLinks.set(token, {
    account: accountId,
    type,
    refreshUrl,
    returnUrl,
    expiresAt: created + LINK_LIFETIME_SECONDS,
    used: false,
  });
  const link: FakeAccountLink = {
    object: 'account_link',
    created,
    expires_at: created + LINK_LIFETIME_SECONDS,
    url: `${req.baseUrl}/setup/s/${accountId}/${token}`,
  };
  return link;
};

function url(params: Params, key: string): string {
  const value = params.requiredString(key);
  try {
    return new URL(value).toString();
  } catch {
    throw paramError(`Not a valid URL`, key, 'url_invalid');
  }
}

/**
 * Stands in for Stripe-hosted onboarding: opening an unused, unexpired link completes onboarding and sends
 * the browser to `return_url`; a used or expired link sends it to `refresh_url`, where the platform is
 * expected to mint a fresh link. Returns where to redirect, or undefined for an unknown link.
 */
export function visitOnboardingLink(state: FakeState, accountId: string, token: string): string | undefined {
  const link = state.accountLinks.get(token);
  if (!link || link.account !== accountId) return undefined;
  if (link.used || state.now() > link.expiresAt) return link.refreshUrl;
  link.used = true;
  state.completeOnboarding(accountId);
  return link.returnUrl;
}
