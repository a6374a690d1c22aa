/** The command line of `npm run bench`. */
import path from 'node:path';
import { CACHE_DIR, RESULTS_DIR, ROOT } from './paths.js';

export const CONTENDER_NAMES = ['ceiling', 'passthrough', 'bridge', 'bridge-baseline', 'node-red-batch', 'node-red-message', 'telegraf'] as const;
export type ContenderName = (typeof CONTENDER_NAMES)[number];
/**
 * Measured beside the contenders as yardsticks, not as products, with why they are not run through
 * recovery (never crashed or cut off from InfluxDB); nor are they ranked in the goals.
 */
export const REFERENCES: ReadonlyMap<ContenderName, string> = new Map([
  ['ceiling', 'stores nothing'],
  // A crash loses what it acknowledged and had not written yet, by design.
  ['passthrough', 'acknowledges before storing'],
]);

export type BenchCommand = 'run' | 'check' | 'readme' | 'help';

export interface BenchOptions {
  command: BenchCommand;
  quick: boolean;
  contenders: ContenderName[];
  /** Drain: messages published while the contender is away. */
  messages: number;
  /** Drain: runs per contender, in rounds; the median run is reported. */
  drainRuns: number;
  /** Live: the fixed publish rates, msg/s. */
  rates: number[];
  /** Live: how long each rate is held. */
  rateSeconds: number;
  recovery: boolean;
  /** Recovery: the publish rate during a crash or an outage. */
  recoveryRate: number;
  outageSeconds: number;
  profile: boolean;
  micro: boolean;
  outDir: string;
  /** Measure the bridge of this commit instead of the working tree's. */
  bridgeAt: string | undefined;
  /** Also measure the bridge of this commit, as `bridge-baseline`, in the same run. */
  baseline: string | undefined;
}

export const HELP = `npm run bench [-- options]

Starts its own Mosquitto (shipped settings) and InfluxDB and measures, on them, a do-nothing
MQTT.js subscriber (the ceiling), MQTT.js straight into InfluxDB (the pass-through), the bridge,
two Node-RED flows and Telegraf (when on the PATH):
drain (a backlog of N messages), live (fixed rates, publish → queryable latency) and recovery
(SIGKILL, a 60 s InfluxDB outage). Several minutes; never run in CI.

  --quick                 small N, two rates, short outage; results go to .cache/bench/quick-results
  --contenders a,b        any of ${CONTENDER_NAMES.join(', ')} (default: all)
  --messages N            drain backlog (default 200000; quick 20000)
  --drain-runs N          drains per contender, taken in turns; the median is reported (default 3; quick 1)
  --rates r1,r2           live rates in msg/s (default 1000,5000,10000,20000; quick 1000,5000)
  --rate-seconds S        how long each live rate is held (default 20; quick 6)
  --outage-seconds S      InfluxDB outage in the recovery run (default 60; quick 10)
  --skip-recovery         no SIGKILL and outage runs
  --skip-profile          no CPU profile of the bridge
  --skip-micro            no pipeline and queue micro-benchmarks
  --out DIR               where results go (default bench-results/)
  --bridge-at REV         measure the bridge of this commit (exported into .cache/bench) instead of the working tree's
  --baseline REV          also measure the bridge of this commit, as bridge-baseline, in the same run (before/after a change)
  --readme                only rewrite the README's benchmark section and bench-results/bench.md from bench-results/bench.json
  --check                 only check that the README's benchmark section matches bench-results/bench.json
  --help                  this text
`;

const FULL = { messages: 200_000, drainRuns: 3, rates: [1000, 5000, 10_000, 20_000], rateSeconds: 20, outageSeconds: 60 };
const QUICK = { messages: 20_000, drainRuns: 1, rates: [1000, 5000], rateSeconds: 6, outageSeconds: 10 };

export class UsageError extends Error {}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const takesValue = ['contenders', 'messages', 'drain-runs', 'rates', 'rate-seconds', 'outage-seconds', 'out', 'bridge-at', 'baseline'].includes(name);
    if (!takesValue) {
      flags.set(name, true);
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    flags.set(name, value);
  }
  const known = new Set(['quick', 'contenders', 'messages', 'drain-runs', 'rates', 'rate-seconds', 'outage-seconds', 'skip-recovery', 'skip-profile', 'skip-micro', 'out', 'bridge-at', 'baseline', 'readme', 'check', 'help']);
  for (const name of flags.keys()) if (!known.has(name)) throw new UsageError(`unknown option --${name}`);

  const quick = flags.has('quick');
  const defaults = quick ? QUICK : FULL;
  const text = (name: string): string | undefined => {
    const value = flags.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const baseline = text('baseline');
  // The baseline is measured only when a commit is named for it.
  const contenders = text('contenders') === undefined ? CONTENDER_NAMES.filter((n) => n !== 'bridge-baseline' || baseline !== undefined) : contenderList(text('contenders')!);
  if (contenders.includes('bridge-baseline') && baseline === undefined) throw new UsageError('the contender bridge-baseline needs --baseline REV');
  return {
    command: flags.has('help') ? 'help' : flags.has('check') ? 'check' : flags.has('readme') ? 'readme' : 'run',
    quick,
    contenders,
    messages: wholeNumber('messages', text('messages'), defaults.messages, 1),
    drainRuns: wholeNumber('drain-runs', text('drain-runs'), defaults.drainRuns, 1),
    rates: text('rates') === undefined ? defaults.rates : text('rates')!.split(',').map((r) => wholeNumber('rates', r, 0, 1)),
    rateSeconds: wholeNumber('rate-seconds', text('rate-seconds'), defaults.rateSeconds, 1),
    recovery: !flags.has('skip-recovery'),
    recoveryRate: 2000,
    outageSeconds: wholeNumber('outage-seconds', text('outage-seconds'), defaults.outageSeconds, 1),
    profile: !flags.has('skip-profile'),
    micro: !flags.has('skip-micro'),
    outDir: path.resolve(ROOT, text('out') ?? (quick ? path.join(CACHE_DIR, 'quick-results') : RESULTS_DIR)),
    bridgeAt: text('bridge-at'),
    baseline,
  };
}

function contenderList(value: string): ContenderName[] {
  const names = value.split(',').map((n) => n.trim()).filter((n) => n !== '');
  for (const name of names) {
    if (!(CONTENDER_NAMES as readonly string[]).includes(name)) {
      throw new UsageError(`unknown contender "${name}" (known: ${CONTENDER_NAMES.join(', ')})`);
    }
  }
  return CONTENDER_NAMES.filter((n) => names.includes(n));
}

function wholeNumber(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${value}"`);
  return n;
}
