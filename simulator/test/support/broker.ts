/** Test-only: a real Mosquitto on a free port in a temporary folder, stopped by the test. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

export interface TestBroker {
  url: string;
  port: number;
  dir: string;
  /** Stops the broker (SIGTERM; it writes its persistence file), keeping the folder. */
  stop(): Promise<void>;
  /** Starts it again on the same port and folder. */
  start(): Promise<void>;
  /** Stops it and removes the folder. */
  dispose(): Promise<void>;
}

export interface TestBrokerOptions {
  /** Keep sessions and queued messages across a restart. Default false. */
  persistence?: boolean;
  /** When given, only these users may connect (no anonymous access). */
  users?: Record<string, string>;
}

export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const dir = await mkdtemp(join(tmpdir(), 'sensorplus-sim-mosquitto-'));
  const port = await freePort();
  const config = join(dir, 'mosquitto.conf');
  const passwordFile = options.users ? await writePasswordFile(dir, options.users) : undefined;
  await writeFile(config, mosquittoConfig(port, dir, options.persistence ?? false, passwordFile));
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('mosquitto', ['-c', config], { stdio: 'ignore' });
    await waitUntilListening(port, child, dir);
  };
  const stop = async () => {
    if (child) await stopProcess(child);
    child = undefined;
  };
  await start();
  const dispose = async () => {
    await stop();
    await rm(dir, { recursive: true, force: true });
  };
  return { url: `mqtt://127.0.0.1:${port}`, port, dir, start, stop, dispose };
}

function mosquittoConfig(port: number, dir: string, persistence: boolean, passwordFile: string | undefined): string {
  return [
    `listener ${port} 127.0.0.1`,
    ...(passwordFile ? ['allow_anonymous false', `password_file ${passwordFile}`] : ['allow_anonymous true']),
    // As root, Mosquitto drops to user "mosquitto", which cannot write our temporary folder.
    ...(process.getuid?.() === 0 ? ['user root'] : []),
    `persistence ${persistence}`,
    `persistence_location ${dir}/`,
    `log_dest file ${join(dir, 'mosquitto.log')}`,
    // The defaults (1000 queued, 20 in flight) drop QoS 1 messages to a slow subscriber.
    'max_queued_messages 0',
    'max_inflight_messages 0',
    '',
  ].join('\n');
}

async function writePasswordFile(dir: string, users: Record<string, string>): Promise<string> {
  const file = join(dir, 'passwords');
  await writeFile(file, '', { mode: 0o600 });
  for (const [user, password] of Object.entries(users)) {
    await run('mosquitto_passwd', ['-b', file, user, password]);
  }
  return file;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}`))));
  });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

async function waitUntilListening(port: number, child: ChildProcess, dir: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (child.exitCode !== null) break;
    if (await canConnect(port)) return;
    await sleep(25);
  }
  await stopProcess(child);
  const log = await readFile(join(dir, 'mosquitto.log'), 'utf8').catch(() => '(no log)');
  throw new Error(`mosquitto did not start on port ${port}:\n${log}`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export interface TestSubscriber {
  received: Array<{ topic: string; payload: Buffer }>;
  close(): Promise<void>;
}

/** A QoS 1 subscriber that records everything; `session` keeps its queue across broker restarts. */
export async function subscribeAll(url: string, filter = 'building/#', session?: { clientId: string }): Promise<TestSubscriber> {
  const { default: mqtt } = await import('mqtt');
  const client = await mqtt.connectAsync(url, {
    protocolVersion: 5,
    reconnectPeriod: 200,
    ...(session ? { clientId: session.clientId, clean: false, properties: { sessionExpiryInterval: 600 } } : {}),
  });
  const received: TestSubscriber['received'] = [];
  client.on('message', (topic, payload) => received.push({ topic, payload }));
  await client.subscribeAsync(filter, { qos: 1 });
  return { received, close: async () => void (await client.endAsync(true)) };
}

/** Polls until `condition` holds; fails with `what` after `timeoutMs` so a broken test cannot hang. */
export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
