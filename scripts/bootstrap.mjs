#!/usr/bin/env node
// The entry of `npm start`, `npm test`, `npm run bench` and `npm run simulate`. It runs before
// any dependency is installed, so it uses nothing but Node itself: it installs what is missing
// (npm packages; on Debian as root the server packages) and then hands over to the real command.
import { spawnSync, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Binaries each command needs, with the Debian package that provides them. */
const SERVERS = [
  { binary: 'mosquitto', debian: 'mosquitto', brew: 'mosquitto' },
  { binary: 'influxd', debian: 'influxdb', brew: 'influxdb@1' },
  { binary: 'mariadbd', debian: 'mariadb-server', brew: 'mariadb' },
  { binary: 'mariadb-install-db', debian: 'mariadb-server', brew: 'mariadb' },
  { binary: 'prometheus', debian: 'prometheus', brew: 'prometheus' },
];
const TEST_TOOLS = [
  { binary: 'promtool', debian: 'prometheus', brew: 'prometheus' },
  { binary: 'chromium', debian: 'chromium', brew: '--cask chromium' },
];
const NEEDS = {
  start: SERVERS,
  test: [...SERVERS, ...TEST_TOOLS],
  bench: SERVERS,
  simulate: [],
};

const TSX = ['--import', 'tsx'];
/** The bridge serves the live view from this bundle, built from these sources (the panel's, and the bridge types it reads). */
const LIVE_VIEW = {
  bundle: 'grafana-plugin/dist-live-view/live-view.js',
  sources: ['grafana-plugin/src', 'grafana-plugin/.config/live-view', 'bridge/src/live', 'bridge/src/devices'],
};
const COMMANDS = {
  start: [[process.execPath, [...TSX, 'stack/src/launcher/main.ts']]],
  test: [
    ['npm', ['run', 'typecheck']],
    ['npx', ['vitest', 'run']],
    ['npm', ['run', 'test', '--workspace', 'grafana-plugin', '--if-present']],
  ],
  bench: [[process.execPath, [...TSX, 'bench/main.ts']]],
  simulate: [[process.execPath, [...TSX, 'simulator/src/cli.ts']]],
};

function fail(message) {
  process.stderr.write(`\n${message}\n`);
  process.exit(1);
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) fail(`Could not run ${command}: ${result.error.message}`);
  return result.status ?? 1;
}

function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) fail(`SensorPlus needs Node.js 20 or newer; this is ${process.version}.`);
}

/** npm packages: install when node_modules is missing or older than the lock file. */
function ensureNpmPackages() {
  const marker = path.join(ROOT, 'node_modules/.package-lock.json');
  const lock = path.join(ROOT, 'package-lock.json');
  const fresh = existsSync(marker) && (!existsSync(lock) || statSync(marker).mtimeMs >= statSync(lock).mtimeMs);
  if (fresh) return;
  process.stdout.write('Installing npm packages…\n');
  const args = existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  if (run('npm', args) !== 0) fail('npm could not install the packages (see above).');
}

function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the live view when its bundle is missing or older than its sources (it is not committed: built here). */
function ensureLiveView() {
  const bundle = path.join(ROOT, LIVE_VIEW.bundle);
  const sourcesChanged = Math.max(...LIVE_VIEW.sources.map((dir) => newestChange(path.join(ROOT, dir))));
  if (existsSync(bundle) && statSync(bundle).mtimeMs >= sourcesChanged) return;
  process.stdout.write('Building the live view…\n');
  if (run('npm', ['run', 'build:live-view', '--workspace', 'grafana-plugin']) !== 0) fail('The live view could not be built (see above).');
}

function findBinary(name) {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin'];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Server packages: apt-get on Debian as root, otherwise an exact instruction. */
function ensureSystemPackages(needs) {
  const missing = needs.filter((n) => !findBinary(n.binary));
  if (missing.length === 0) return;
  const debian = [...new Set(missing.map((m) => m.debian))];
  const isDebian = existsSync('/etc/debian_version');
  const isRoot = process.getuid?.() === 0;
  if (isDebian && isRoot) {
    process.stdout.write(`Installing Debian packages: ${debian.join(' ')}…\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (run('apt-get', ['update', '-q'], { env }) !== 0) fail('apt-get update failed (see above).');
    if (run('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...debian], { env }) !== 0) {
      fail(`apt-get could not install: ${debian.join(' ')}`);
    }
    const still = missing.filter((n) => !findBinary(n.binary));
    if (still.length > 0) fail(`Installed, but still missing: ${still.map((s) => s.binary).join(', ')}`);
    return;
  }
  const names = missing.map((m) => m.binary).join(', ');
  if (isDebian) fail(`Missing: ${names}. Install them with:\n  sudo apt-get install ${debian.join(' ')}\nthen run this command again.`);
  const brew = [...new Set(missing.map((m) => m.brew))];
  fail(
    `Missing: ${names}. Install them with your package manager, for example:\n` +
      `  Debian/Ubuntu: sudo apt-get install ${debian.join(' ')}\n` +
      `  macOS (Homebrew): brew install ${brew.join(' ')}\n` +
      'or run the stack with Docker: docker compose up',
  );
}

/** Runs the steps in order; the first failure ends the run with its exit code. Signals reach the child. */
async function runSteps(steps, extraArgs) {
  for (const [index, [command, args]] of steps.entries()) {
    const last = index === steps.length - 1;
    const code = await new Promise((resolve) => {
      const child = spawn(command, last ? [...args, ...extraArgs] : args, { cwd: ROOT, stdio: 'inherit' });
      const forward = (signal) => child.kill(signal);
      process.on('SIGINT', forward);
      process.on('SIGTERM', forward);
      child.on('exit', (status, signal) => {
        process.off('SIGINT', forward);
        process.off('SIGTERM', forward);
        resolve(status ?? (signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : 1));
      });
    });
    if (code !== 0) process.exit(code);
  }
}

const [name, ...extraArgs] = process.argv.slice(2);
if (!(name in COMMANDS)) fail(`usage: node scripts/bootstrap.mjs ${Object.keys(COMMANDS).join('|')} [args]`);
checkNode();
ensureNpmPackages();
ensureSystemPackages(NEEDS[name]);
if (name === 'start' || name === 'test') ensureLiveView();
await runSteps(COMMANDS[name], extraArgs);
