/**
 * The processes the bench starts (contenders, the publisher): output appended to a log file,
 * graceful or hard stops, and no orphan left behind when the bench itself ends.
 */
import { spawn, type ChildProcess, type Serializable } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ChildSpec {
  command: string;
  args: readonly string[];
  logFile: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Open an IPC channel (Node children that report with process.send). */
  ipc?: boolean;
}

const running = new Set<Child>();
process.once('exit', () => {
  for (const child of running) child.signal('SIGKILL');
});

export class Child {
  readonly exited: Promise<void>;

  private constructor(private readonly process: ChildProcess, readonly logFile: string) {
    this.exited = new Promise((resolve) => process.once('exit', () => resolve()));
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  static spawn(spec: ChildSpec): Child {
    const fd = openSync(spec.logFile, 'a');
    try {
      const child = spawn(spec.command, [...spec.args], {
        cwd: spec.cwd,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...spec.env },
        stdio: spec.ipc ? ['ignore', fd, fd, 'ipc'] : ['ignore', fd, fd],
      });
      if (child.pid === undefined) throw new Error(`could not start ${spec.command} (see ${spec.logFile})`);
      return new Child(child, spec.logFile);
    } finally {
      closeSync(fd);
    }
  }

  get pid(): number {
    return this.process.pid!;
  }

  get running(): boolean {
    return this.process.exitCode === null && this.process.signalCode === null;
  }

  send(message: Serializable): void {
    if (this.running && this.process.connected) this.process.send(message);
  }

  onMessage(listener: (message: unknown) => void): void {
    this.process.on('message', listener);
  }

  signal(signal: NodeJS.Signals): void {
    if (this.running) this.process.kill(signal);
  }

  /** SIGTERM, then SIGKILL if it is still there after `timeoutMs`. */
  async stop(timeoutMs = 30_000): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    const inTime = await Promise.race([this.exited.then(() => true), sleep(timeoutMs, false, { ref: false })]);
    if (!inTime) await this.kill();
  }

  /** SIGKILL: a crash, no goodbye. */
  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }
}
