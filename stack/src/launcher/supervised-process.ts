import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';

export interface SupervisedOptions {
  name: string;
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Restart after an unexpected exit (with backoff), like a service manager would. */
  restart: boolean;
}

/** A Node child (bridge, simulator) that is restarted if it dies, and stopped with SIGTERM. */
export class SupervisedProcess {
  #child: ChildProcess | undefined;
  #stopping = false;
  #restartDelayMs = 1000;
  #log: WriteStream;

  constructor(private readonly options: SupervisedOptions) {
    this.#log = createWriteStream(options.logFile, { flags: 'a' });
  }

  /** The running child's process id (a test kills it to see the restart). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  start(): void {
    const child = spawn(this.options.command, this.options.args, {
      cwd: this.options.cwd,
      env: this.options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(this.#log, { end: false });
    child.stderr!.pipe(this.#log, { end: false });
    const started = Date.now();
    child.once('exit', (code, signal) => {
      if (this.#stopping || !this.options.restart) return;
      // A process that ran for a while gets a quick restart; a crash loop backs off.
      this.#restartDelayMs = Date.now() - started > 60_000 ? 1000 : Math.min(30_000, this.#restartDelayMs * 2);
      process.stderr.write(`${this.options.name} exited (${signal ?? code}); restarting in ${this.#restartDelayMs / 1000} s\n`);
      setTimeout(() => this.start(), this.#restartDelayMs).unref();
    });
    this.#child = child;
  }

  async stop(timeoutMs = 15_000): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
