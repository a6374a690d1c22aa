/** The machine and the servers' versions, for the results. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { findBinary } from '@sensorplus/stack';
import type { BenchResults } from './types.js';

export function machine(): Omit<BenchResults['machine'], 'loadAverageAtEnd'> {
  const cpus = os.cpus();
  return {
    cpus: `${cpus.length} × ${cpus[0]?.model.replace(/\s+\d+-Core Processor$/, '').trim() ?? 'CPU'}`,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${osName()}, Linux ${os.release()}`,
    loadAverageAtStart: loadAverage(),
  };
}

export function loadAverage(): number[] {
  return os.loadavg().map((l) => Math.round(l * 100) / 100);
}

function osName(): string {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.type();
  } catch {
    return os.type();
  }
}

export function serverVersions(): Record<string, string> {
  return {
    node: process.version,
    mosquitto: firstLine('mosquitto', ['-h']),
    influxdb: firstLine('influxd', ['version']),
  };
}

function firstLine(binary: string, args: string[]): string {
  const path = findBinary(binary);
  if (path === undefined) return 'not installed';
  const result = spawnSync(path, args, { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`.split('\n').find((line) => line.trim() !== '')?.trim() ?? 'unknown';
}
