import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findFreePort, waitFor } from '@sensorplus/stack';

const BRIDGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');

/**
 * The real bridge as a child process (node + tsx loader, one process, so SIGKILL really kills it).
 * Tests talk to it only as a user would: MQTT in, InfluxDB and HTTP out.
 */
export class BridgeProcess {
  #child: ChildProcess | undefined;
  #exit: Promise<number | null> | undefined;
  readonly httpUrl: string;

  private constructor(
    private readonly env: Record<string, string>,
    private readonly logFile: string,
    readonly httpPort: number,
  ) {
    this.httpUrl = `http://127.0.0.1:${httpPort}`;
  }

  static async start(env: Record<string, string>, logFile: string): Promise<BridgeProcess> {
    const port = await findFreePort();
    const bridge = new BridgeProcess({ ...env, HTTP_HOST: '127.0.0.1', HTTP_PORT: String(port) }, logFile, port);
    await bridge.spawn();
    return bridge;
  }

  async spawn(): Promise<void> {
    const log = createWriteStream(this.logFile, { flags: 'a' });
    const child = spawn(process.execPath, ['--import', TSX_LOADER, path.join(BRIDGE_DIR, 'src/main.ts')], {
      cwd: BRIDGE_DIR,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    this.#child = child;
    this.#exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(async () => (await this.fetch('/health').catch(() => undefined))?.ok === true, {
      timeoutMs: 30_000,
      what: `the bridge answering /health (log: ${this.logFile})`,
    });
  }

  /** Simulates a crash: no flush, no goodbye. */
  async kill(): Promise<void> {
    this.#child?.kill('SIGKILL');
    await this.#exit;
  }

  /** Freezes the process (SIGSTOP), as a long GC pause or a hung VM would: its connections stay open. */
  pause(): void {
    this.#child?.kill('SIGSTOP');
  }

  resume(): void {
    this.#child?.kill('SIGCONT');
  }

  /** Graceful stop; resolves with the exit code (null when it had to be killed after `timeoutMs`). */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const code = await this.#exit!;
    clearTimeout(timer);
    return code;
  }

  get running(): boolean {
    return !!this.#child && this.#child.exitCode === null && this.#child.signalCode === null;
  }

  fetch(pathname: string): Promise<Response> {
    return fetch(`${this.httpUrl}${pathname}`, { signal: AbortSignal.timeout(5000) });
  }

  async json<T>(pathname: string): Promise<T> {
    const response = await this.fetch(pathname);
    return (await response.json()) as T;
  }

  /** Sum of a metric's samples whose labels include `labels`, read from /metrics. */
  async metric(name: string, labels: Record<string, string> = {}): Promise<number> {
    const text = await (await this.fetch('/metrics')).text();
    return sumMetric(text, name, labels);
  }
}

export function sumMetric(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labelText = match[2] ?? '';
    if (Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) total += Number(match[3]);
  }
  return total;
}
