/**
 * Reads a V8 CPU profile (node --cpu-prof) and keeps the samples taken in a time window (the drain
 * at saturation, not the start-up): self time per function, time per area (a bridge folder, an npm
 * package, Node's core, GC), inclusive time, and the merged call tree for a flame graph.
 * Sample times are CLOCK_MONOTONIC microseconds, the clock of process.hrtime in the harness.
 */
import { ROOT } from '../paths.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FunctionShare {
  function: string;
  location: string;
  area: string;
  percent: number;
}

export interface ProfileSummary {
  windowSeconds: number;
  samples: number;
  /** Share of the window the main thread was idle (waiting for I/O); the other shares are of the busy rest. */
  idlePercent: number;
  topSelf: FunctionShare[];
  topInclusive: FunctionShare[];
  areas: Array<{ area: string; percent: number }>;
}

export interface FlameNode {
  name: string;
  area: string;
  samples: number;
  children: FlameNode[];
}

const IDLE = '(idle)';
const TOP = 25;

export function analyseProfile(profile: CpuProfile, window: { fromUs: number; toUs: number }): { summary: ProfileSummary; flame: FlameNode } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfSamples = new Map<number, number>();
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    time += profile.timeDeltas[index] ?? 0;
    if (time >= window.fromUs && time <= window.toUs) selfSamples.set(id, (selfSamples.get(id) ?? 0) + 1);
  });

  let total = 0;
  let idle = 0;
  const self = new Map<string, { frame: Frame; samples: number }>();
  const inclusive = new Map<string, { frame: Frame; samples: number }>();
  const areas = new Map<string, number>();
  const root: FlameNode = { name: 'all', area: 'all', samples: 0, children: [] };
  for (const [id, samples] of selfSamples) {
    const leaf = frameOf(byId.get(id)!.callFrame);
    total += samples;
    if (leaf.name === IDLE) {
      idle += samples;
      continue;
    }
    add(self, leaf, samples);
    areas.set(leaf.area, (areas.get(leaf.area) ?? 0) + samples);
    const stack: Frame[] = [];
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.unshift(frameOf(byId.get(at)!.callFrame));
    const stackFrames = stack.filter((frame) => frame.name !== '(root)');
    for (const key of new Set(stackFrames.map((frame) => frame.key))) add(inclusive, stackFrames.find((f) => f.key === key)!, samples);
    addToFlame(root, stackFrames, samples);
  }
  const busy = Math.max(1, total - idle);
  const share = (entries: Map<string, { frame: Frame; samples: number }>): FunctionShare[] =>
    [...entries.values()]
      .sort((a, b) => b.samples - a.samples)
      .slice(0, TOP)
      .map(({ frame, samples }) => ({ function: frame.name, location: frame.location, area: frame.area, percent: percent(samples, busy) }));
  return {
    summary: {
      windowSeconds: Math.round((window.toUs - window.fromUs) / 1e5) / 10,
      samples: total,
      idlePercent: percent(idle, Math.max(1, total)),
      topSelf: share(self),
      topInclusive: share(inclusive),
      areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, samples]) => ({ area, percent: percent(samples, busy) })),
    },
    flame: root,
  };
}

interface Frame {
  key: string;
  name: string;
  location: string;
  area: string;
}

function frameOf(callFrame: CallFrame): Frame {
  const name = callFrame.functionName || (callFrame.url ? '(anonymous)' : '(native)');
  const file = shortPath(callFrame.url);
  // The bridge's compiled (or tsx-transformed) lines say nothing about its TypeScript source.
  const location = file === '' || file.endsWith('.ts') ? file : `${file}:${callFrame.lineNumber + 1}`;
  return { key: `${name} ${location}`, name, location, area: areaOf(name, file) };
}

function shortPath(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) return file.slice(modules + '/node_modules/'.length);
  // The bridge runs compiled from a copy in the cache (see bridge-source.ts): name its files as in the repository.
  const compiled = /\/bridge\/dist\/(.+)\.js$/.exec(file);
  if (compiled) return `bridge/src/${compiled[1]}.ts`;
  const bridge = file.lastIndexOf('/bridge/src/');
  if (bridge >= 0) return file.slice(bridge + 1);
  return file.startsWith(`${ROOT}/`) ? file.slice(ROOT.length + 1) : file;
}

/** bridge/src/<folder>, an npm package, Node's core, or V8's own (GC, program, native). */
function areaOf(name: string, file: string): string {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return 'V8 (program)';
  if (file === '') return 'native';
  if (file.startsWith('node:')) return 'node core';
  const bridge = /^bridge\/src\/([^/]+)\//.exec(file) ?? /^bridge\/src\/([^/]+)$/.exec(file);
  if (bridge) return `bridge ${bridge[1]!.replace(/\.ts$/, '')}`;
  if (file.startsWith('bridge/') || file.startsWith('bench/')) return file.split('/').slice(0, 2).join('/');
  const scoped = /^(@[^/]+\/[^/]+|[^/]+)/.exec(file);
  return scoped ? scoped[1]! : file;
}

function add(map: Map<string, { frame: Frame; samples: number }>, frame: Frame, samples: number): void {
  const entry = map.get(frame.key);
  if (entry) entry.samples += samples;
  else map.set(frame.key, { frame, samples });
}

function addToFlame(root: FlameNode, stack: readonly Frame[], samples: number): void {
  root.samples += samples;
  let node = root;
  for (const frame of stack) {
    const label = frame.location ? `${frame.name} (${frame.location})` : frame.name;
    let child = node.children.find((c) => c.name === label);
    if (!child) {
      child = { name: label, area: frame.area, samples: 0, children: [] };
      node.children.push(child);
    }
    child.samples += samples;
    node = child;
  }
}

function percent(part: number, whole: number): number {
  return Math.round((part / whole) * 1000) / 10;
}
