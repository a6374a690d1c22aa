/**
 * Node-RED and node-red-contrib-influxdb, installed by the bench into the git-ignored cache (never
 * project dependencies) with the ordinary npm client, and reused while they are there.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from '../paths.js';

export const NODE_RED_DIR = path.join(CACHE_DIR, 'node-red');
const PACKAGES = { 'node-red': '^4.1', 'node-red-contrib-influxdb': '^0.7' };

function manifest(name: string): string {
  return path.join(NODE_RED_DIR, 'node_modules', name, 'package.json');
}

export function installNodeRed(log: (line: string) => void): void {
  if (Object.keys(PACKAGES).every((name) => existsSync(manifest(name)))) return;
  mkdirSync(NODE_RED_DIR, { recursive: true });
  const specs = Object.entries(PACKAGES).map(([name, range]) => `${name}@${range}`);
  log(`installing ${specs.join(' ')} into ${path.relative(process.cwd(), NODE_RED_DIR)} (once)…`);
  const result = spawnSync('npm', ['install', '--prefix', NODE_RED_DIR, '--no-audit', '--no-fund', ...specs], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`npm could not install ${specs.join(' ')} (see above)`);
}

export function nodeRedVersions(): Record<string, string> {
  const version = (name: string): string => (JSON.parse(readFileSync(manifest(name), 'utf8')) as { version: string }).version;
  return Object.fromEntries(Object.keys(PACKAGES).map((name) => [name, version(name)]));
}

export const NODE_RED_MAIN = path.join(NODE_RED_DIR, 'node_modules/node-red/red.js');
