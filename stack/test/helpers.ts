import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagedServer } from '../src/index.js';

/** Collects what a test file starts, so afterAll can stop it even when a test failed. */
export class TestResources {
  private readonly servers: ManagedServer[] = [];
  private readonly dirs: string[] = [];
  private readonly closers: Array<() => Promise<unknown>> = [];

  tempDir(label: string): string {
    const dir = mkdtempSync(join(tmpdir(), `sensorplus-stack-${label}-`));
    this.dirs.push(dir);
    return dir;
  }

  server<T extends ManagedServer>(server: T): T {
    this.servers.push(server);
    return server;
  }

  onCleanup(close: () => Promise<unknown>): void {
    this.closers.push(close);
  }

  async cleanup(): Promise<void> {
    await Promise.allSettled(this.closers.map((close) => close()));
    await Promise.allSettled(this.servers.map((server) => server.stop()));
    for (const dir of this.dirs) rmSync(dir, { recursive: true, force: true });
  }
}

/** True while the process exists and is not a zombie (PID 1 here may not reap orphans). */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

/** A fresh password for a throwaway test server: nothing secret-looking is committed. */
export function testPassword(): string {
  return randomBytes(12).toString('hex');
}
