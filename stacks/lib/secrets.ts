import type { Config, FunctionProps } from 'sst/constructs';
import { functionDefaults } from './defaults.js';

/**
 * The SST secrets the handlers read as environment variables of the same names: the Stripe keys, and the key
 * that encrypts each tenant's charging-station CA private key at rest.
 */
export const RUNTIME_SECRETS = [
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'CA_KEY_ENCRYPTION_KEY',
] as const;

/**
 * SST v2 does not put bound secrets in the environment: it sets `SST_Secret_value_<NAME>=__FETCH_FROM_SSM__`
 * and grants `ssm:GetParameters`, and `sst/node/config` fetches the values at cold start. The handlers read
 * `process.env.STRIPE_SECRET_KEY`, as locally, so this loader (the body of an async function taking
 * `require`) does the fetch and copies the values into `process.env`, with SST's paths: the stage's
 * `<SST_SSM_PREFIX>Secret/<NAME>/value`, else the app-wide `/sst/<app>/.fallback/Secret/<NAME>/value`.
 * A secret set to nowhere or to `none` stays unset (payments answer 501, as locally without a key) instead of
 * failing the cold start like `sst/node/config` does.
 *
 * It runs as the bundle's banner (plain JS, top-level await in the ESM bundle, before any handler code) and
 * takes the SSM client from the Lambda runtime's AWS SDK through the banner's CommonJS `require` (SST's ESM
 * banner defines it; CommonJS resolution honours the runtime's NODE_PATH). An esbuild `inject` of a module
 * importing `sst/node/config` does not work: esbuild injects it into every lazily initialized module of the
 * bundle, where its top-level await is a syntax error.
 */
export const SECRETS_LOADER_BODY = `
const names = ${JSON.stringify(RUNTIME_SECRETS)}.filter(
  (name) => !process.env[name] && process.env['SST_Secret_value_' + name] === '__FETCH_FROM_SSM__',
);
if (names.length === 0) return;
const { SSMClient, GetParametersCommand } = require('@aws-sdk/client-ssm');
const ssm = new SSMClient({});
const found = new Map();
const fetchInto = async (pathOf) => {
  const wanted = names.filter((name) => !found.has(name));
  if (wanted.length === 0) return;
  const byPath = new Map(wanted.map((name) => [pathOf(name), name]));
  const answer = await ssm.send(new GetParametersCommand({ Names: [...byPath.keys()], WithDecryption: true }));
  for (const parameter of answer.Parameters ?? []) found.set(byPath.get(parameter.Name), parameter.Value);
};
await fetchInto((name) => process.env.SST_SSM_PREFIX + 'Secret/' + name + '/value');
await fetchInto((name) => '/sst/' + process.env.SST_APP + '/.fallback/Secret/' + name + '/value');
for (const [name, value] of found) if (name && value && value !== 'none') process.env[name] = value;
`;

export interface RuntimeSecrets {
  readonly stripeSecretKey: Config.Secret;
  readonly stripeWebhookSecret: Config.Secret;
  readonly caKeyEncryptionKey: Config.Secret;
}

/**
 * Function props for a Lambda that talks to Stripe or signs certificates: binds the secrets (SSM read permission plus the
 * `SST_Secret_value_*` markers) and adds the loader as banner. `nodejs` is restated whole because SST merges
 * function props shallowly: a route's `nodejs` would otherwise drop the app default (ESM), which the loader's
 * top-level await needs.
 */
export function secretsFunctionProps(secrets: RuntimeSecrets): Pick<FunctionProps, 'bind' | 'nodejs'> {
  return {
    bind: [secrets.stripeSecretKey, secrets.stripeWebhookSecret, secrets.caKeyEncryptionKey],
    nodejs: {
      ...functionDefaults.nodejs,
      format: 'esm',
      banner: `await (async () => {${SECRETS_LOADER_BODY}})();`,
    },
  };
}
