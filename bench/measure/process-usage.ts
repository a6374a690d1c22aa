/**
 * CPU time and resident memory of a process tree, read from /proc: utime + stime of every process
 * under the watched roots (a contender's node process and any children it starts), and the peak of
 * their summed VmRSS, sampled, or of one process's VmHWM when that is higher.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface ProcStat {
  ppid: number;
  cpuTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces; the fields after it are fixed.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function readMemory(pid: number): { rss: number; hwm: number } {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? 0) * 1024;
    return { rss: kib('VmRSS'), hwm: kib('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** The roots and every process below them. */
function processTree(roots: ReadonlySet<number>): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = readStat(pid);
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const tree: number[] = [];
  const pending = [...roots];
  while (pending.length > 0) {
    const pid = pending.pop()!;
    tree.push(pid);
    pending.push(...(children.get(pid) ?? []));
  }
  return tree;
}

export class UsageMonitor {
  private readonly roots = new Set<number>();
  /** Last CPU ticks seen per pid: a process that exits (SIGKILL, restart) keeps what it used. */
  private readonly ticks = new Map<number, number>();
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(intervalMs = 250) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Adds a process (and its descendants) to what is measured; a restarted contender is watched again. */
  watch(pid: number): void {
    this.roots.add(pid);
    this.sample();
  }

  sample(): void {
    let rss = 0;
    for (const pid of processTree(this.roots)) {
      const stat = readStat(pid);
      if (!stat) continue;
      this.ticks.set(pid, stat.cpuTicks);
      const memory = readMemory(pid);
      rss += memory.rss;
      this.peak = Math.max(this.peak, memory.hwm);
    }
    this.peak = Math.max(this.peak, rss);
  }

  /** CPU seconds used so far by every process watched. */
  cpuSeconds(): number {
    this.sample();
    let ticks = 0;
    for (const t of this.ticks.values()) ticks += t;
    return ticks / CLOCK_TICKS_PER_SECOND;
  }

  get peakRssBytes(): number {
    return this.peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
