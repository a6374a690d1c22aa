/** Command-line options of the simulator: parsed once, validated once, with clear messages. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { HOUR_MS, MINUTE_MS } from './curves.js';
import { FAULT_MODES } from './faults.js';
import { FAMILIES, type Family } from './family-runs.js';
import type { FaultMode } from './messages.js';
import { randomSeed } from './random.js';

export interface SimulatorConfig {
  url: string;
  username: string | undefined;
  password: string | undefined;
  /** PEM of the CA that signed the broker certificate (mqtts://), read from --ca. */
  ca: string | undefined;
  site: string;
  devices: number;
  intervalMs: number;
  durationMs: number | undefined;
  count: number | undefined;
  faults: FaultMode[];
  faultRate: number;
  load: boolean;
  seed: number;
  silentDevice: string | undefined;
  silentAfterMs: number;
  maxInFlight: number;
  logEveryMs: number;
  /** Port of the start/stop endpoint on 127.0.0.1 (control.ts); undefined serves none. */
  controlPort: number | undefined;
  utcOffsetMinutes: number;
  families: Family[];
  tracker: { count: number; intervalMs: number; withTs: boolean };
  multiplug: { count: number; intervalMs: number; batch: boolean; httpUrl: string; token: string | undefined };
  machine: { count: number; intervalMs: number; shiftLengthMs: number; firstShiftStartMinutes: number };
}

export type CliParse = { help: true } | { help: false; config: SimulatorConfig };

export const HELP = `Usage: npm run simulate -- [options]   (in the Docker image: simulate [options])

Simulates devices of four families; --families picks them (default: the building only).

  building       building-sensor readings over MQTT v5 (QoS 1) to building/{site}/{kind}/{deviceId}.
                 The default is the reference building: site "demo", rooms room1..room5 with temp-N,
                 hum-N, co2-N and light-N, and the solar plant "solar-plant" (21 devices). Each round
                 every device publishes once.
  solar-tracker  dual-axis solar trackers tracker-1..N: telemetry (26 fields, 800-1,000 bytes) to
                 solar-tracker/{id}/telemetry every 350 ms (QoS 1), {"status":"online"|"offline",...}
                 to solar-tracker/{id}/status (QoS 1, retained; the MQTT will publishes offline)
  multiplug      4-port smart plugs plug-1..N, without MQTT: POST to
                 {http-url}/api/ingest/multiplug?device={id} with a bearer token, one reading per port
                 (or the 4 as one array), sent again until accepted (Retry-After honoured on 429,
                 backoff on 5xx and network errors)
  machine        production machines "machine", machine-2..N: status and two counters to
                 flexotwin/{id}/status every 5 s (QoS 1); the counters restart at 0 at every shift change

Options:
  --url URL            broker URL (env MQTT_URL, default mqtt://127.0.0.1:1883)
  --username NAME      (env SIM_MQTT_USERNAME, then MQTT_USERNAME)
  --password SECRET    (env SIM_MQTT_PASSWORD, then MQTT_PASSWORD; prefer the environment)
  --ca FILE            PEM of the CA that signed the broker certificate, for mqtts:// (env SIM_MQTT_CA_FILE,
                       then MQTT_CA_FILE; default: the system CAs)
  --families LIST      comma list of building, solar-tracker, multiplug, machine (default building)
  --duration SECONDS   stop after this long (default: run until stopped)
  --count N            stop after N messages, all families together (an HTTP request is a message)
  --seed N             seed for values and faults (default: random, printed at start)
  --utc-offset MINUTES local time offset for office hours, daylight, household loads and shift starts,
                       e.g. 60 or --utc-offset=-300 (default: this machine's)
  --log-every SECONDS  progress line interval (default 10)
  --max-in-flight N    unacknowledged messages allowed per MQTT connection (default 256)
  --control-port N     serve GET /status, POST /stop and POST /start on 127.0.0.1:N to pause and
                       resume publishing (0 picks a free port; default: none)
  -h, --help           show this help

Building:
  --site NAME          site, the second topic level (default demo)
  --devices N          number of devices; more than 21 adds rooms (default 21)
  --interval MS        time between rounds; a round is spread over it (default 5000)
  --faults LIST        comma list of malformed, hostile, spikes, silent (default none)
  --fault-rate F       share of messages replaced by a fault, 0..1 (default 0.05 with --faults)
  --silent-device ID   device that stops publishing with --faults silent (default: a seeded pick)
  --silent-after SECONDS  when it stops (default 60)
  --load               publish as fast as the broker accepts and print messages/s at the end
                       (use many devices, e.g. --devices 2000, so timestamps stay near real time)

Solar trackers (one MQTT connection each, for its own will):
  --trackers N         number of trackers (default 1)
  --tracker-interval D time between a tracker's messages (default 350ms)
  --tracker-ts         add "ts" (epoch ms) to the telemetry; the real firmware sends none

Multiplugs:
  --plugs N            number of plugs (default 1)
  --plug-interval D    time between a plug's readings (default 5s)
  --plug-batch         send a plug's 4 readings as one JSON array instead of one request per port
  --http-url URL       where the bridge takes HTTP readings (env SIM_HTTP_URL,
                       default http://127.0.0.1:8080)
  --ingest-token TOKEN bearer token, required with multiplug (env SIM_INGEST_TOKEN; prefer the
                       environment)

Production machines:
  --machines N         number of machines (default 1)
  --machine-interval D time between a machine's messages (default 5s)
  --shift-length D     length of a shift (default 8h; e.g. 30s to see resets in a test)
  --shift-start HH:MM  local time the day's first shift starts; the others follow every shift length
                       (default 06:00, so shifts start at 06:00, 14:00 and 22:00)

D is a duration: a number with ms, s, m or h, e.g. 350ms, 5s, 1.5m, 8h (a bare number is milliseconds).
Ctrl-C (SIGINT) or SIGTERM stops cleanly: messages in flight are given time to be acknowledged, buffered
HTTP readings to be accepted, and each tracker publishes its retained "offline" status.
`;

export class UsageError extends Error {}

const OPTIONS = {
  url: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  ca: { type: 'string' },
  site: { type: 'string', default: 'demo' },
  devices: { type: 'string', default: '21' },
  interval: { type: 'string', default: '5000' },
  duration: { type: 'string' },
  count: { type: 'string' },
  faults: { type: 'string', default: '' },
  'fault-rate': { type: 'string' },
  'silent-device': { type: 'string' },
  'silent-after': { type: 'string', default: '60' },
  load: { type: 'boolean', default: false },
  'max-in-flight': { type: 'string', default: '256' },
  seed: { type: 'string' },
  'utc-offset': { type: 'string' },
  'log-every': { type: 'string', default: '10' },
  'control-port': { type: 'string' },
  families: { type: 'string', default: 'building' },
  trackers: { type: 'string', default: '1' },
  'tracker-interval': { type: 'string', default: '350ms' },
  'tracker-ts': { type: 'boolean', default: false },
  plugs: { type: 'string', default: '1' },
  'plug-interval': { type: 'string', default: '5s' },
  'plug-batch': { type: 'boolean', default: false },
  'http-url': { type: 'string' },
  'ingest-token': { type: 'string' },
  machines: { type: 'string', default: '1' },
  'machine-interval': { type: 'string', default: '5s' },
  'shift-length': { type: 'string', default: '8h' },
  'shift-start': { type: 'string', default: '06:00' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliParse {
  const { values } = parseOrThrow(argv);
  if (values.help) return { help: true };
  const faults = parseFaults(values.faults);
  const families = parseFamilies(values.families);
  const token = values['ingest-token'] ?? fromEnv(env, 'SIM_INGEST_TOKEN');
  if (families.includes('multiplug') && token === undefined) {
    throw new UsageError('multiplug needs the bridge\'s ingest token: --ingest-token or SIM_INGEST_TOKEN');
  }
  return {
    help: false,
    config: {
      url: values.url ?? fromEnv(env, 'MQTT_URL') ?? 'mqtt://127.0.0.1:1883',
      username: values.username ?? fromEnv(env, 'SIM_MQTT_USERNAME', 'MQTT_USERNAME'),
      password: values.password ?? fromEnv(env, 'SIM_MQTT_PASSWORD', 'MQTT_PASSWORD'),
      ca: optional(values.ca ?? fromEnv(env, 'SIM_MQTT_CA_FILE', 'MQTT_CA_FILE'), readCaFile),
      site: values.site,
      devices: wholeNumber('--devices', values.devices, 1),
      intervalMs: wholeNumber('--interval', values.interval, 1),
      durationMs: optional(values.duration, (v) => positiveNumber('--duration', v) * 1000),
      count: optional(values.count, (v) => wholeNumber('--count', v, 1)),
      faults,
      faultRate: values['fault-rate'] === undefined ? (faults.length > 0 ? 0.05 : 0) : fraction(values['fault-rate']),
      load: values.load,
      seed: optional(values.seed, (v) => wholeNumber('--seed', v, 0)) ?? randomSeed(),
      silentDevice: values['silent-device'],
      silentAfterMs: positiveNumber('--silent-after', values['silent-after'], true) * 1000,
      maxInFlight: wholeNumber('--max-in-flight', values['max-in-flight'], 1),
      logEveryMs: positiveNumber('--log-every', values['log-every']) * 1000,
      controlPort: optional(values['control-port'], (v) => port('--control-port', v)),
      utcOffsetMinutes: optional(values['utc-offset'], utcOffset) ?? -new Date().getTimezoneOffset(),
      families,
      tracker: {
        count: wholeNumber('--trackers', values.trackers, 1),
        intervalMs: duration('--tracker-interval', values['tracker-interval']),
        withTs: values['tracker-ts'],
      },
      multiplug: {
        count: wholeNumber('--plugs', values.plugs, 1),
        intervalMs: duration('--plug-interval', values['plug-interval']),
        batch: values['plug-batch'],
        httpUrl: httpUrl(values['http-url'] ?? fromEnv(env, 'SIM_HTTP_URL') ?? 'http://127.0.0.1:8080'),
        token,
      },
      machine: {
        count: wholeNumber('--machines', values.machines, 1),
        intervalMs: duration('--machine-interval', values['machine-interval']),
        shiftLengthMs: shiftLength(values['shift-length']),
        firstShiftStartMinutes: timeOfDay('--shift-start', values['shift-start']),
      },
    },
  };
}

/** The first of `names` set to a non-empty value. */
function fromEnv(env: NodeJS.ProcessEnv, ...names: string[]): string | undefined {
  return names.map((name) => env[name]).find((value) => value !== undefined && value !== '');
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parseFaults(list: string): FaultMode[] {
  const modes = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = modes.filter((m) => !(FAULT_MODES as readonly string[]).includes(m));
  if (unknown.length > 0) throw new UsageError(`--faults: unknown mode ${unknown.join(', ')} (known: ${FAULT_MODES.join(', ')})`);
  return [...new Set(modes)] as FaultMode[];
}

function readCaFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--ca: ${(error as Error).message}`);
  }
}

function parseFamilies(list: string): Family[] {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const unknown = names.filter((n) => !(FAMILIES as readonly string[]).includes(n));
  if (unknown.length > 0) throw new UsageError(`--families: unknown family ${unknown.join(', ')} (known: ${FAMILIES.join(', ')})`);
  if (names.length === 0) throw new UsageError(`--families needs at least one of ${FAMILIES.join(', ')}`);
  return [...new Set(names)] as Family[];
}

const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE_MS, h: HOUR_MS };

/** `350ms`, `5s`, `1.5m`, `8h`; a bare number is milliseconds, like --interval. */
function duration(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  const ms = match ? Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 'ms']!) : NaN;
  if (!(ms >= 1)) throw new UsageError(`${name} must be a duration of at least 1 ms, e.g. 350ms, 5s or 8h, got "${text}"`);
  return ms;
}

function shiftLength(text: string): number {
  const ms = duration('--shift-length', text);
  if (ms > 24 * HOUR_MS) throw new UsageError(`--shift-length must be at most 24h (shifts start again every day), got "${text}"`);
  return ms;
}

/** `HH:MM` as minutes after midnight. */
function timeOfDay(name: string, text: string): number {
  const match = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  if (!match) throw new UsageError(`${name} must be a time of day HH:MM, e.g. 06:00, got "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

function httpUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url?.protocol !== 'http:' && url?.protocol !== 'https:') throw new UsageError(`--http-url must be an http:// or https:// URL, got "${text}"`);
  return text;
}

function optional<T>(value: string | undefined, parse: (value: string) => T): T | undefined {
  return value === undefined ? undefined : parse(value);
}

function wholeNumber(name: string, text: string, min: number): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`${name} must be a whole number ≥ ${min}, got "${text}"`);
  }
  return value;
}

function port(name: string, text: string): number {
  const value = wholeNumber(name, text, 0);
  if (value > 65535) throw new UsageError(`${name} must be a port number (0–65535), got "${text}"`);
  return value;
}

function positiveNumber(name: string, text: string, allowZero = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (value === 0 && !allowZero)) {
    throw new UsageError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${text}"`);
  }
  return value;
}

function fraction(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !(value >= 0 && value <= 1)) throw new UsageError(`--fault-rate must be between 0 and 1, got "${text}"`);
  return value;
}

function utcOffset(text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || Math.abs(value) > 14 * 60) {
    throw new UsageError(`--utc-offset must be whole minutes between -840 and 840, got "${text}"`);
  }
  return value;
}
