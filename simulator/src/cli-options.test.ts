import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HELP, UsageError, parseCli, type SimulatorConfig } from './cli-options.js';

const config = (argv: string[], env: NodeJS.ProcessEnv = {}): SimulatorConfig => {
  const parsed = parseCli(argv, env);
  if (parsed.help) throw new Error('unexpected help');
  return parsed.config;
};

describe('parseCli', () => {
  it('has the documented defaults', () => {
    expect(config([], {})).toMatchObject({
      url: 'mqtt://127.0.0.1:1883', username: undefined, password: undefined, site: 'demo', devices: 21,
      intervalMs: 5000, durationMs: undefined, count: undefined, faults: [], faultRate: 0, load: false,
      silentAfterMs: 60_000, maxInFlight: 256, logEveryMs: 10_000,
    });
    expect(Number.isInteger(config([]).seed)).toBe(true);
  });

  it('reads the broker CA from --ca, else SIM_MQTT_CA_FILE or MQTT_CA_FILE, and names --ca when it cannot', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-ca-'));
    const file = join(dir, 'ca.crt');
    writeFileSync(file, 'PEM of the CA\n');
    try {
      expect(config(['--ca', file]).ca).toBe('PEM of the CA\n');
      expect(config([], { SIM_MQTT_CA_FILE: file }).ca).toBe('PEM of the CA\n');
      expect(config([], { MQTT_CA_FILE: file }).ca).toBe('PEM of the CA\n');
      expect(config([]).ca).toBeUndefined();
      expect(() => config(['--ca', join(dir, 'missing.crt')])).toThrow(/--ca: .*missing\.crt/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('simulates the building only unless other families are chosen, with their documented defaults', () => {
    expect(config([])).toMatchObject({
      families: ['building'],
      tracker: { count: 1, intervalMs: 350, withTs: false },
      multiplug: { count: 1, intervalMs: 5000, batch: false, httpUrl: 'http://127.0.0.1:8080', token: undefined },
      machine: { count: 1, intervalMs: 5000, shiftLengthMs: 8 * 3_600_000, firstShiftStartMinutes: 6 * 60 },
    });
  });

  it('parses the families\' options, durations with units', () => {
    const c = config(['--families', 'solar-tracker, multiplug,machine,building', '--trackers', '3', '--tracker-interval', '1.5s',
      '--tracker-ts', '--plugs', '2', '--plug-interval', '250', '--plug-batch', '--http-url', 'https://bridge.example/sensorplus',
      '--ingest-token', 'tok', '--machines', '4', '--machine-interval', '2m', '--shift-length', '30s', '--shift-start', '7:30']);
    expect(c).toMatchObject({
      families: ['solar-tracker', 'multiplug', 'machine', 'building'],
      tracker: { count: 3, intervalMs: 1500, withTs: true },
      multiplug: { count: 2, intervalMs: 250, batch: true, httpUrl: 'https://bridge.example/sensorplus', token: 'tok' },
      machine: { count: 4, intervalMs: 120_000, shiftLengthMs: 30_000, firstShiftStartMinutes: 450 },
    });
    expect(config(['--shift-length', '8h', '--tracker-interval', '350ms']).machine.shiftLengthMs).toBe(28_800_000);
  });

  it('takes the ingest token and HTTP URL from the environment, and needs a token for multiplugs', () => {
    const env = { SIM_INGEST_TOKEN: 'from-env', SIM_HTTP_URL: 'http://bridge:8080' };
    expect(config(['--families', 'multiplug'], env).multiplug).toMatchObject({ token: 'from-env', httpUrl: 'http://bridge:8080' });
    expect(config(['--families', 'multiplug', '--ingest-token', 'flag'], env).multiplug.token).toBe('flag');
    expect(() => parseCli(['--families', 'multiplug'], {})).toThrow(/--ingest-token or SIM_INGEST_TOKEN/);
  });

  it('reads the environment, SIM_ variables first, options over both', () => {
    const env = { MQTT_URL: 'mqtt://broker:1884', MQTT_USERNAME: 'bridge', MQTT_PASSWORD: 'b', SIM_MQTT_USERNAME: 'sim', SIM_MQTT_PASSWORD: '' };
    expect(config([], env)).toMatchObject({ url: 'mqtt://broker:1884', username: 'sim', password: 'b' });
    expect(config(['--url', 'mqtt://x:1', '--username', 'u', '--password', 'p'], env)).toMatchObject({ url: 'mqtt://x:1', username: 'u', password: 'p' });
  });

  it('parses every option', () => {
    const c = config(['--site', 'hq', '--devices', '2000', '--interval', '250', '--duration', '1.5', '--count', '99',
      '--faults', 'malformed, spikes,silent', '--silent-device', 'temp-3', '--silent-after', '0', '--load', '--seed', '7',
      '--max-in-flight', '1000', '--utc-offset=-300', '--log-every', '2']);
    expect(c).toMatchObject({ site: 'hq', devices: 2000, intervalMs: 250, durationMs: 1500, count: 99,
      faults: ['malformed', 'spikes', 'silent'], faultRate: 0.05, silentDevice: 'temp-3', silentAfterMs: 0, load: true,
      seed: 7, maxInFlight: 1000, utcOffsetMinutes: -300, logEveryMs: 2000 });
    expect(config(['--faults', 'hostile', '--fault-rate', '0.5']).faultRate).toBe(0.5);
  });

  it('answers --help', () => {
    expect(parseCli(['--help'], {})).toEqual({ help: true });
    expect(parseCli(['-h'], {})).toEqual({ help: true });
    for (const option of ['--url', '--username', '--password', '--site', '--devices', '--interval', '--duration', '--count', '--faults', '--fault-rate', '--load', '--seed',
      '--families', '--trackers', '--tracker-interval', '--tracker-ts', '--plugs', '--plug-interval', '--plug-batch', '--http-url', '--ingest-token',
      'SIM_INGEST_TOKEN', '--machines', '--machine-interval', '--shift-length', '--shift-start']) {
      expect(HELP).toContain(option);
    }
  });

  it.each([
    [['--devices', '0']], [['--devices', '2.5']], [['--interval', 'soon']], [['--duration', '-1']], [['--count', '']],
    [['--faults', 'chaos']], [['--fault-rate', '2']], [['--utc-offset', '10000']], [['--bogus']], [['extra']],
    [['--families', 'toaster']], [['--families', ',']], [['--trackers', '0']], [['--tracker-interval', '0']], [['--tracker-interval', '5x']],
    [['--shift-length', '25h']], [['--shift-start', '24:00']], [['--shift-start', '6']], [['--http-url', 'mqtt://bridge:1883']],
  ])('refuses %j with a usage error', (argv) => {
    expect(() => parseCli(argv, {})).toThrow(UsageError);
  });
});

describe('README', () => {
  it('shows the same help as the CLI', async () => {
    const { readFile } = await import('node:fs/promises');
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(HELP);
  });
});
