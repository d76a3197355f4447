import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';

/**
 * What both protocol runs of the charger simulator share: the options the CLI parsed, the strict client and the
 * fast-forwarded clock. The simulator is an independent client on purpose: it builds its frames by hand and
 * lets ocpp-rpc check them against its own copy of the OCA schemas, rather than borrowing the CSMS's types.
 */
export interface SimulatorOptions {
  /** The `ocppUrl` POST /v1/charge-points answered: `ws://HOST:PORT/ocpp/{tenantId}/{chargePointId}`. */
  readonly url: string;
  readonly password: string;
  readonly idTag: string;
  /** 1.6: the connector id. 2.0.1: the EVSE id (connector 1 of it), which the CSMS shows as the connector. */
  readonly connectorId: number;
  /** Energy charged in the session, Wh. */
  readonly energyWh: number;
  /** How long the session is stamped as having lasted. */
  readonly minutes: number;
}

export type Log = (...parts: unknown[]) => void;

/** Connects a strict client: every frame it sends or receives is validated against the subprotocol's schemas. */
export async function connectStrict(
  options: SimulatorOptions,
  protocol: string,
  log: Log,
): Promise<RPCClient> {
  const { url } = options;
  const identity = chargePointIdOf(url);
  const charger = new RPCClient({
    endpoint: url.slice(0, url.lastIndexOf('/')),
    identity,
    password: options.password,
    protocols: [protocol],
    strictMode: true,
    reconnect: false,
    // ocpp-rpc's typings mark every option required although all but identity have defaults.
  } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
  // An answer of ours that breaks the schema goes out as a CALLERROR; say so rather than fail silently.
  charger.on('strictValidationFailure', ({ method, outbound, error }) => {
    if (outbound) log(`✗ our answer to ${method} broke the schema (${String(error)}); sent a CALLERROR`);
  });
  await charger.connect();
  log(`connected to ${url} as ${identity} (${charger.protocol})`);
  return charger;
}

/** The charge point id is the last path segment of the OCPP URL (ocpp-rpc appends the identity itself). */
export const chargePointIdOf = (url: string): string =>
  decodeURIComponent(url.slice(url.lastIndexOf('/') + 1));

/**
 * The session is fast-forwarded: stamped as if it ran `minutes` and ended a minute ago, so it is priced over
 * real time without the user waiting for it. Ending in the past keeps every reading clear of the CSMS's
 * "timestamp in the future" check.
 */
export function sessionTimeline(minutes: number) {
  const endMs = Date.now() - 60_000;
  const startMs = endMs - minutes * 60_000;
  return {
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    /** The instant `step` of `steps` equal parts into the session. */
    at: (step: number, steps: number) => new Date(startMs + ((endMs - startMs) * step) / steps).toISOString(),
    /** Just before the start: the connector was free before the car arrived. */
    before: new Date(startMs - 60_000).toISOString(),
  };
}

/** How many periodic readings a session sends between its begin and end readings. */
export const PERIODIC_READINGS = 4;
