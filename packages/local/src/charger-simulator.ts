/**
 * `npm run simulate -- --url <ocppUrl> --password <password> [--protocol ocpp1.6|ocpp2.0.1] [--id-tag TAG]
 *   [--connector 1] [--kwh 12] [--minutes 45]`
 *
 * A charger simulator for trying the CSMS by hand: a strict OCPP client (ocpp-rpc, so every frame it sends and
 * receives is checked against the official schemas) that boots, reports its connector, and runs one charging
 * session with meter values — fast-forwarded: the session is stamped as if it ran `--minutes` and ended just
 * now. One CLI for both protocols; what differs per version lives in `simulator/ocpp16.ts` and `ocpp201.ts`.
 */
import { parseArgs } from 'node:util';
import type { Log, SimulatorOptions } from './simulator/common.ts';
import { simulateOcpp16 } from './simulator/ocpp16.ts';
import { simulateOcpp201 } from './simulator/ocpp201.ts';

const PROTOCOLS: Record<string, (options: SimulatorOptions, log: Log) => Promise<void>> = {
  'ocpp1.6': simulateOcpp16,
  'ocpp2.0.1': simulateOcpp201,
};

const USAGE = `usage: npm run simulate -- --url <ocppUrl from POST /v1/charge-points> --password <password>
  [--protocol ocpp1.6|ocpp2.0.1]  subprotocol to speak (default ocpp1.6)
  [--id-tag DEMO-TAG]             token to authorize with (issue it first: POST /v1/id-tokens)
  [--connector 1]                 1.6: connector id; 2.0.1: EVSE id (its connector 1)
  [--kwh 12] [--minutes 45]       energy charged and how long the session is stamped as lasting`;

/** A wrong command line: print why and the usage, exit 2 (as the 1.6-only simulator did for missing options). */
class UsageError extends Error {}

const OPTION_NAMES = new Set(['url', 'password', 'protocol', 'id-tag', 'connector', 'kwh', 'minutes']);

/**
 * `--password -x9…` is a value, not an option: generated passwords may start with a dash, which `parseArgs`
 * would refuse as ambiguous. Every option takes a value, so whatever follows one is joined to it
 * (`--password=-x9…`).
 */
function joinValues(argv: readonly string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && OPTION_NAMES.has(arg.slice(2)) && next !== undefined) {
      joined.push(`${arg}=${next}`);
      i++;
    } else joined.push(arg);
  }
  return joined;
}

function parseOptions(argv: string[]): { protocol: string; options: SimulatorOptions } {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: joinValues(argv),
      options: {
        url: { type: 'string' },
        password: { type: 'string' },
        protocol: { type: 'string', default: 'ocpp1.6' },
        'id-tag': { type: 'string', default: 'DEMO-TAG' },
        connector: { type: 'string', default: '1' },
        kwh: { type: 'string', default: '12' },
        minutes: { type: 'string', default: '45' },
      },
    }));
  } catch (error) {
    // parseArgs names the unknown option or the one missing its value.
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const protocol = values.protocol ?? 'ocpp1.6';
  if (!(protocol in PROTOCOLS)) {
    throw new UsageError(`unknown --protocol "${protocol}": use ${Object.keys(PROTOCOLS).join(' or ')}`);
  }
  if (!values.url || !values.password) throw new UsageError('--url and --password are required');
  const connectorId = Number(values.connector);
  if (!Number.isInteger(connectorId) || connectorId < 1) {
    throw new UsageError(`--connector must be a whole number from 1, not "${values.connector}"`);
  }
  const kwh = Number(values.kwh);
  const minutes = Number(values.minutes);
  if (!Number.isFinite(kwh) || kwh < 0)
    throw new UsageError(`--kwh must be a number ≥ 0, not "${values.kwh}"`);
  if (!Number.isFinite(minutes) || minutes <= 0) {
    throw new UsageError(`--minutes must be a number > 0, not "${values.minutes}"`);
  }
  return {
    protocol,
    options: {
      url: values.url,
      password: values.password,
      idTag: values['id-tag'] ?? 'DEMO-TAG',
      connectorId,
      energyWh: Math.round(kwh * 1000),
      minutes,
    },
  };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  const run = PROTOCOLS[parsed.protocol] as (typeof PROTOCOLS)[string];
  await run(parsed.options, console.log);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
