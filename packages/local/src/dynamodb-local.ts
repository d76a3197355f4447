import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { freePort } from './free-port.ts';

/**
 * AWS's own DynamoDB engine (DynamoDB Local), run straight from the jar that ships inside the npm package
 * `amplify-dynamodb-simulator`: transactions, TTL, GSIs and conditional writes behave as on AWS, no Docker.
 */
export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export class JavaMissingError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer, and `java` was not found on PATH.\n' +
        'Install it, e.g. on Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '(macOS: brew install openjdk@17), then run the command again.',
    );
    this.name = 'JavaMissingError';
  }
}

function jarDirectory(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('amplify-dynamodb-simulator/package.json')), 'emulator');
}

/** `dataDir` undefined → in memory; otherwise persistent files under it. */
export async function startDynamoDbLocal(options: {
  host: string;
  port?: number;
  dataDir?: string;
}): Promise<DynamoDbLocal> {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).error) throw new JavaMissingError();
  const port = options.port || (await freePort(options.host));
  const dir = jarDirectory();
  const storage = options.dataDir ? ['-dbPath', resolve(options.dataDir), '-sharedDb'] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(dir, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      ...storage,
      '-disableTelemetry',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));

  try {
    await waitForPort(options.host, port, exited, 30_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`DynamoDB Local did not start: ${(error as Error).message}\n${output}`);
  }
  return { endpoint: `http://${options.host}:${port}`, stop: () => stopChild(child, exited) };
}

async function waitForPort(host: string, port: number, exited: Promise<number | null>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  while (Date.now() < deadline) {
    if (hasExited) throw new Error('the Java process exited');
    if (await canConnect(host, port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}

function canConnect(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
