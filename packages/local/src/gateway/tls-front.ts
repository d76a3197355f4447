import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { CLIENT_CERT_HEADERS } from '@csms/functions/ocpp/client-certificate';

/**
 * Local stand-in for the TLS front OCPP security profile 3 needs (API Gateway WebSocket APIs have no mutual
 * TLS): terminates wss, asks every client for a certificate, and forwards the WebSocket upgrade to the gateway
 * with the certificate's serial, fingerprint and CN (`CLIENT_CERT_HEADERS`) and the origin secret.
 *
 * It takes any client certificate, trusted or not: the TLS handshake has already proved the client holds the
 * certificate's private key, and the authorizer accepts only a fingerprint the tenant's CA issued to this charge
 * point, so checking the chain here would add nothing and would mean loading every tenant's CA. A client
 * without a certificate is forwarded without the headers, and a profile-3 charger is then refused.
 */
export interface TlsFrontOptions {
  readonly host: string;
  /** 0: any free port. */
  readonly port: number;
  /** The front's own certificate and key (PEM). */
  readonly cert: string;
  readonly key: string;
  /** The WebSocket gateway behind it (plain HTTP on loopback). */
  readonly upstream: { readonly host: string; readonly port: number };
  readonly originSecretHeader: string;
  readonly originSecret: string;
}

export interface TlsFront {
  readonly port: number;
  close(): Promise<void>;
}

const ownHeaders = (originSecretHeader: string) =>
  new Set([...Object.values(CLIENT_CERT_HEADERS), originSecretHeader].map((name) => name.toLowerCase()));

export async function startTlsFront(options: TlsFrontOptions): Promise<TlsFront> {
  const dropped = ownHeaders(options.originSecretHeader);
  const sockets = new Set<Socket>();
  const server = createServer({
    cert: options.cert,
    key: options.key,
    requestCert: true,
    rejectUnauthorized: false,
  });
  server.on('request', (_request, response) => {
    response.writeHead(426, { Upgrade: 'websocket' }).end();
  });
  server.on('upgrade', (request, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    const lines: string[] = [];
    const raw = request.rawHeaders;
    // Whatever a client sent under the front's own header names is dropped: only the front vouches for them.
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = raw[i] as string;
      if (!dropped.has(name.toLowerCase())) lines.push(`${name}: ${raw[i + 1]}`);
    }
    const certificate = verifiedCertificate(request.socket as TLSSocket);
    if (certificate) {
      lines.push(`${CLIENT_CERT_HEADERS.serial}: ${certificate.serial}`);
      lines.push(`${CLIENT_CERT_HEADERS.fingerprint}: ${certificate.fingerprint}`);
      lines.push(`${CLIENT_CERT_HEADERS.cn}: ${certificate.cn}`);
    }
    lines.push(`${options.originSecretHeader}: ${options.originSecret}`);

    const upstream = connect(options.upstream.port, options.upstream.host, () => {
      upstream.write(`${request.method} ${request.url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * The client certificate of this TLS connection, as header values; undefined when there is none, or when a
 * value could break out of its header line (a certificate is the client's to write, CN included).
 */
function verifiedCertificate(
  socket: TLSSocket,
): { serial: string; fingerprint: string; cn: string } | undefined {
  const peer = socket.getPeerCertificate();
  if (!peer?.raw) return undefined;
  const cn = Array.isArray(peer.subject?.CN) ? undefined : peer.subject?.CN;
  const values = { serial: peer.serialNumber, fingerprint: peer.fingerprint256, cn };
  for (const value of Object.values(values)) {
    if (typeof value !== 'string' || value === '' || /[^\x20-\x7e]/.test(value)) return undefined;
  }
  return values as { serial: string; fingerprint: string; cn: string };
}
