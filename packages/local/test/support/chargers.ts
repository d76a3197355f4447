import type { ConnectionOptions } from 'node:tls';
import { RPCClient } from 'ocpp-rpc';
import type { RPC_ClientOptions } from 'ocpp-rpc/lib/client';
import WebSocket, { type ClientOptions } from 'ws';

/** An independent, strict OCPP client (ocpp-rpc validates every frame against the OCA schemas). */
export function strictCharger(ocppUrl: string, password: string, protocols = ['ocpp1.6']) {
  const identity = decodeURIComponent(ocppUrl.slice(ocppUrl.lastIndexOf('/') + 1));
  return new RPCClient({
    endpoint: ocppUrl.slice(0, ocppUrl.lastIndexOf('/')),
    identity,
    password,
    protocols,
    strictMode: true,
    reconnect: false,
    // ocpp-rpc's typings mark every option required although all but identity have defaults.
  } as Partial<RPC_ClientOptions> as RPC_ClientOptions);
}

/** A bare WebSocket for what a strict client refuses to send: malformed frames, odd handshakes. */
export function rawSocket(
  url: string,
  options: {
    user?: string;
    password?: string;
    protocols?: string[];
    headers?: Record<string, string>;
    /** wss: the client certificate and the CA that signed the server's (for a TLS front). */
    tls?: Pick<ConnectionOptions, 'cert' | 'key' | 'ca' | 'checkServerIdentity'>;
  } = {},
): Promise<WebSocket> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.user !== undefined) {
    headers.authorization = `Basic ${Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64')}`;
  }
  // ws passes these to tls.connect as they are; its typings declare checkServerIdentity with the wrong shape.
  const tls = options.tls as ClientOptions | undefined;
  const ws = new WebSocket(url, options.protocols ?? ['ocpp1.6'], { headers, ...tls });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new HandshakeRefused(res.statusCode ?? 0)));
    ws.once('error', reject);
  });
}

export class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`handshake refused with HTTP ${status}`);
  }
}

/** Sends one raw text frame and resolves with the next frame the CSMS sends back, parsed. */
export function exchange(ws: WebSocket, frame: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${frame}`)), 10_000);
    ws.once('message', (data) => {
      clearTimeout(timer);
      resolve(JSON.parse(data.toString()) as unknown[]);
    });
    ws.send(frame);
  });
}
