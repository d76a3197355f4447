import { performance } from 'node:perf_hooks';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';

/**
 * Runs one scenario per charger concurrently and times every call. The same runner drives the CSMS and the
 * bare ocpp-rpc server, so the two are compared on identical load.
 */
export interface Charger {
  readonly endpoint: string;
  readonly identity: string;
  readonly password: string;
}

export interface RunResult {
  readonly label: string;
  readonly chargers: number;
  readonly messages: number;
  readonly seconds: number;
  readonly connectSeconds: number;
  readonly rtt: Map<string, number[]>;
}

/** Sends one call and records its round trip under the action's name. */
export type TimedCall = (action: string, payload: Record<string, unknown>) => Promise<unknown>;

/** What one charger does in a run; `i` is its index among the run's chargers. */
export type Scenario = (call: TimedCall, i: number) => Promise<void>;

export async function runScenario(
  label: string,
  chargers: readonly Charger[],
  scenario: Scenario,
): Promise<RunResult> {
  const rtt = new Map<string, number[]>();
  const connectStart = performance.now();
  const clients = await Promise.all(
    chargers.map(async (c) => {
      const client = new RPCClient({
        endpoint: c.endpoint,
        identity: c.identity,
        password: c.password,
        protocols: ['ocpp1.6'],
        strictMode: false,
        reconnect: false,
      } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
      await client.connect();
      return client;
    }),
  );
  const connectSeconds = (performance.now() - connectStart) / 1000;

  const start = performance.now();
  await Promise.all(
    clients.map((client, i) =>
      scenario(async (action, payload) => {
        const started = performance.now();
        const result = await client.call(action, payload);
        const list = rtt.get(action) ?? [];
        list.push(performance.now() - started);
        rtt.set(action, list);
        return result;
      }, i),
    ),
  );
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(clients.map((c) => c.close({ force: true })));
  const messages = [...rtt.values()].reduce((n, list) => n + list.length, 0);
  return { label, chargers: chargers.length, messages, seconds, connectSeconds, rtt };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function summarize(result: RunResult) {
  const all = [...result.rtt.values()].flat().sort((a, b) => a - b);
  return { rate: result.messages / result.seconds, p50: percentile(all, 50), p99: percentile(all, 99) };
}

export function printRun(result: RunResult): void {
  const s = summarize(result);
  console.log(`\n== ${result.label} ==`);
  console.log(`connect ${result.chargers} chargers: ${result.connectSeconds.toFixed(2)} s`);
  console.log(
    `${result.messages} calls in ${result.seconds.toFixed(2)} s → ${s.rate.toFixed(0)} msg/s; ` +
      `round trip p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms`,
  );
  for (const [action, list] of result.rtt) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(
      `  ${action.padEnd(20)} n=${String(list.length).padStart(5)}  p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms`,
    );
  }
}

export function printRatio(title: string, csms: RunResult, bare: RunResult): void {
  const a = summarize(csms);
  const b = summarize(bare);
  console.log(`\n== Ratio CSMS / bare server (same run): ${title} ==`);
  console.log(
    `throughput ${(a.rate / b.rate).toFixed(2)}×, p50 latency ${(a.p50 / b.p50).toFixed(1)}×, p99 latency ${(a.p99 / b.p99).toFixed(1)}×`,
  );
}
