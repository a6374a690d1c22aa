import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { findBinary } from './binaries.js';
import { trackUntilExit } from './cleanup.js';
import { withLogTail } from './log-tail.js';
import { waitFor } from './wait.js';

/** A server process started by this package. */
export interface ManagedServer {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** Pid of the current process; changes on restart(). */
  readonly pid: number;
  readonly dataDir: string;
  /** SIGTERM, wait for the process to exit, SIGKILL if it takes too long. No-op if it already exited. */
  stop(): Promise<void>;
  /** Sends a signal without waiting (default SIGKILL: simulates a crash). */
  kill(signal?: NodeJS.Signals): void;
  /** Stops (if running) and starts again on the same port with the same data. */
  restart(): Promise<void>;
}

/** Everything needed to run one server process and know when it answers. */
export interface LaunchSpec {
  name: string;
  binary: string;
  args: readonly string[];
  dataDir: string;
  port: number;
  url: string;
  /** stdout and stderr of the server are appended here. */
  logFile: string;
  /** Describes the readiness check for error messages ("answering GET /ping with 204"). */
  readyWhat: string;
  isReady: () => Promise<boolean>;
  readyTimeoutMs: number;
  stopTimeoutMs: number;
  /** Runs after each start once the server answers (e.g. create the database and user). */
  afterReady?: () => Promise<void>;
}

/** Starts the server described by `spec` and resolves once it answers; `extras` are added to the result. */
export async function launch<E extends object = object>(spec: LaunchSpec, extras?: E): Promise<ManagedServer & E> {
  const server = new ChildServer(spec);
  await server.start();
  return Object.assign(server, extras);
}

class ChildServer implements ManagedServer {
  private child: ChildProcess | undefined;

  constructor(private readonly spec: LaunchSpec) {}

  get name(): string {
    return this.spec.name;
  }
  get url(): string {
    return this.spec.url;
  }
  get port(): number {
    return this.spec.port;
  }
  get dataDir(): string {
    return this.spec.dataDir;
  }
  get pid(): number {
    return this.child?.pid ?? -1;
  }

  async start(): Promise<void> {
    const child = spawnLogged(this.spec);
    this.child = child;
    try {
      await waitUntilReady(child, this.spec);
      await this.spec.afterReady?.();
    } catch (error) {
      await terminate(child, this.spec.stopTimeoutMs);
      throw error;
    }
  }

  async stop(): Promise<void> {
    if (this.child !== undefined) await terminate(this.child, this.spec.stopTimeoutMs);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (this.child !== undefined && isRunning(this.child)) this.child.kill(signal);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exited(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL after `timeoutMs`; resolves once the process is gone. */
async function terminate(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (!isRunning(child)) return;
  const gone = exited(child);
  child.kill('SIGTERM');
  const timer = new AbortController();
  const inTime = await Promise.race([
    gone.then(() => true),
    sleep(timeoutMs, false, { signal: timer.signal }).catch(() => false),
  ]);
  timer.abort();
  if (!inTime) {
    child.kill('SIGKILL');
    await gone;
  }
}

/**
 * Runs the binary in the foreground with its output appended to the log file.
 * It stays in our process group (Ctrl-C reaches it); where util-linux `setpriv` exists
 * the kernel also sends it SIGTERM if this process dies without cleaning up (kill -9).
 */
function spawnLogged(spec: LaunchSpec): ChildProcess {
  const fd = openSync(spec.logFile, 'a');
  try {
    writeSync(fd, `\n--- ${new Date().toISOString()} starting ${spec.binary} ${spec.args.join(' ')}\n`);
    const [command, args] = withParentDeathSignal(spec.binary, spec.args);
    const child = spawn(command, args, { stdio: ['ignore', fd, fd], cwd: spec.dataDir });
    child.on('error', (error) => writeSafely(spec.logFile, `spawn error: ${error.message}\n`));
    trackUntilExit(child);
    return child;
  } finally {
    closeSync(fd);
  }
}

function withParentDeathSignal(binary: string, args: readonly string[]): [string, string[]] {
  const setpriv = findBinary('setpriv');
  if (setpriv === undefined) return [binary, [...args]];
  return [setpriv, ['--pdeathsig', 'TERM', '--', binary, ...args]];
}

function writeSafely(file: string, text: string): void {
  try {
    const fd = openSync(file, 'a');
    writeSync(fd, text);
    closeSync(fd);
  } catch {
    // The log is best effort; the caller reports the failure itself.
  }
}

/** Waits for the readiness check; fails fast if the process exits, and quotes the log on failure. */
async function waitUntilReady(child: ChildProcess, spec: LaunchSpec): Promise<void> {
  const aborter = new AbortController();
  const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
    const how = signal === null ? `code ${code}` : `signal ${signal}`;
    aborter.abort(new Error(`${spec.name} exited (${how}) before ${spec.readyWhat}`));
  };
  if (!isRunning(child)) onExit(child.exitCode, child.signalCode);
  else child.once('exit', onExit);
  try {
    await waitFor(spec.isReady, {
      timeoutMs: spec.readyTimeoutMs,
      what: `${spec.name} ${spec.readyWhat}`,
      signal: aborter.signal,
    });
  } catch (error) {
    throw new Error(withLogTail((error as Error).message, spec.logFile), { cause: error });
  } finally {
    child.off('exit', onExit);
  }
}
