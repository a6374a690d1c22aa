/** Command-line options of the simulator: parsed once, validated once, with clear messages. */
import { parseArgs } from 'node:util';
import { FAULT_MODES } from './faults.js';
import type { FaultMode } from './messages.js';
import { randomSeed } from './random.js';

export interface SimulatorConfig {
  url: string;
  username: string | undefined;
  password: string | undefined;
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
  utcOffsetMinutes: number;
}

export type CliParse = { help: true } | { help: false; config: SimulatorConfig };

export const HELP = `Usage: npm run simulate -- [options]   (in the Docker image: simulate [options])

Publishes simulated building-sensor readings over MQTT v5 (QoS 1) to building/{site}/{kind}/{deviceId}.
The default is the reference building: site "demo", rooms room1..room5 with temp-N, hum-N, co2-N and
light-N, and the solar plant "solar-plant" (21 devices). Each round every device publishes once.

Options:
  --url URL            broker URL (env MQTT_URL, default mqtt://127.0.0.1:1883)
  --username NAME      (env SIM_MQTT_USERNAME, then MQTT_USERNAME)
  --password SECRET    (env SIM_MQTT_PASSWORD, then MQTT_PASSWORD; prefer the environment)
  --site NAME          site, the second topic level (default demo)
  --devices N          number of devices; more than 21 adds rooms (default 21)
  --interval MS        time between rounds; a round is spread over it (default 5000)
  --duration SECONDS   stop after this long (default: run until stopped)
  --count N            stop after N messages
  --faults LIST        comma list of malformed, hostile, spikes, silent (default none)
  --fault-rate F       share of messages replaced by a fault, 0..1 (default 0.05 with --faults)
  --silent-device ID   device that stops publishing with --faults silent (default: a seeded pick)
  --silent-after SECONDS  when it stops (default 60)
  --load               publish as fast as the broker accepts and print messages/s at the end
                       (use many devices, e.g. --devices 2000, so timestamps stay near real time)
  --max-in-flight N    unacknowledged messages allowed (default 256)
  --seed N             seed for values and faults (default: random, printed at start)
  --utc-offset MINUTES building's local time offset for office hours and daylight, e.g. 60 or
                       --utc-offset=-300 (default: this machine's)
  --log-every SECONDS  progress line interval (default 10)
  -h, --help           show this help

Ctrl-C (SIGINT) or SIGTERM stops cleanly: messages in flight are given time to be acknowledged.
`;

export class UsageError extends Error {}

const OPTIONS = {
  url: { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
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
  help: { type: 'boolean', short: 'h', default: false },
} as const;

export function parseCli(argv: string[], env: NodeJS.ProcessEnv): CliParse {
  const { values } = parseOrThrow(argv);
  if (values.help) return { help: true };
  const faults = parseFaults(values.faults);
  return {
    help: false,
    config: {
      url: values.url ?? fromEnv(env, 'MQTT_URL') ?? 'mqtt://127.0.0.1:1883',
      username: values.username ?? fromEnv(env, 'SIM_MQTT_USERNAME', 'MQTT_USERNAME'),
      password: values.password ?? fromEnv(env, 'SIM_MQTT_PASSWORD', 'MQTT_PASSWORD'),
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
      utcOffsetMinutes: optional(values['utc-offset'], utcOffset) ?? -new Date().getTimezoneOffset(),
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
