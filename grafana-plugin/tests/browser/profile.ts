/**
 * Profiles the render benchmark's scenarios (2,000 devices in 100 rooms, as browser.test.ts times
 * them) in headless Chromium through the DevTools protocol. After `npm run build`:
 *
 *   npm run profile [-- out-dir]        each step traced (style, layout, GC in the timed part) and
 *                                       CPU-profiled (functions by self time; .cpuprofile files
 *                                       for DevTools in out-dir, test-results/profile by default)
 *   PROFILE_STEPS=mount,update,...      the steps (mount, update, refresh)
 *   PROFILE_TIMES=15                    timings only, min and median of that many runs
 *   PROFILE_DIST=/path/to/dist          another build of the panel, to compare two on the same machine
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';

import { buildHarness } from './buildHarness.js';
import type { MountRequest, Timing } from './harness/entry.js';
import { serveStatic } from './staticServer.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = process.argv[2] ?? path.join(ROOT, 'test-results/profile');
const REQUEST: MountRequest = { scenario: 'large', width: 1184, height: 700 };
const UPDATE_BATCH = 100;

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

type Step = 'mount' | 'update' | 'refresh';
type Harness = {
  profiling: boolean;
  mount: (r: MountRequest) => Promise<Timing>;
  update: (n: number) => Promise<Timing>;
  refresh: (r: MountRequest) => Promise<Timing>;
};

const run = (page: Page, step: Step) =>
  page.evaluate(
    ([s, request, batch]) => {
      const harness = (window as unknown as { harness: Harness }).harness;
      return s === 'mount' ? harness.mount(request) : s === 'refresh' ? harness.refresh(request) : harness.update(batch);
    },
    [step, REQUEST, UPDATE_BATCH] as const
  );

/** Functions by self time (the first sample spans the profiler's start and is left out). */
function topSelf(profile: CpuProfile, count = 25): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const { functionName, url, lineNumber, columnNumber } = byId.get(id)!.callFrame;
    const key = `${functionName || '(anonymous)'} ${path.basename(url)}:${lineNumber + 1}:${columnNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (index === 0 ? 0 : (profile.timeDeltas[index] ?? 0) / 1000));
  });
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

/** Self time per trace event on the renderer's main thread between the harness's render marks. */
function traceSelfTimes(events: TraceEvent[], count = 12): Array<[string, number]> {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const mark = (name: string) => events.find((e) => e.name === name && e.cat.includes('user_timing'))?.ts ?? NaN;
  const [from, to] = [mark('render-start'), mark('render-end')];
  const list = events
    .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur !== undefined && e.ts >= from && e.ts + e.dur <= to)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>([['(timed part)', (to - from) / 1000]]);
  const stack: TraceEvent[] = [];
  for (const event of list) {
    while (stack.length > 0 && stack[stack.length - 1]!.ts + stack[stack.length - 1]!.dur! <= event.ts) {
      stack.pop();
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      self.set(parent.name, (self.get(parent.name) ?? 0) - event.dur! / 1000);
    }
    self.set(event.name, (self.get(event.name) ?? 0) + event.dur! / 1000);
    stack.push(event);
  }
  return [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

const line = (ms: number, what: string) => `${ms.toFixed(1).padStart(8)}  ${what}`;

async function timings(page: Page, runs: number): Promise<void> {
  const times: Record<string, number[]> = { mount: [], update: [] };
  for (let i = 0; i < runs; i++) {
    times.mount!.push((await run(page, 'mount')).renderMs);
    for (let batch = 0; batch < 4; batch++) {
      times.update!.push((await run(page, 'update')).renderMs);
    }
  }
  for (const [step, list] of Object.entries(times)) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(`${step}: min ${sorted[0]!.toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms (${sorted.length} runs)`);
  }
}

async function profiles(page: Page, steps: Step[]): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const finished: CpuProfile[] = [];
  cdp.on('Profiler.consoleProfileFinished', (event) => finished.push(event.profile as CpuProfile));
  // The harness then wraps its timed part in console.profile() and performance marks.
  await page.evaluate(() => Object.assign((window as unknown as { harness: Harness }).harness, { profiling: true }));
  const browser = page.context().browser()!;
  for (const step of steps) {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink.user_timing'] });
    await run(page, step);
    const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
    console.log(`\n${step}, traced: main thread by event`);
    for (const [name, ms] of traceSelfTimes(trace.traceEvents)) {
      console.log(line(ms, name));
    }
    const timing = await run(page, step);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const profile = finished.pop()!;
    const file = path.join(OUT, `${step}-${Date.now()}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    console.log(`${step}, profiled (${timing.renderMs.toFixed(1)} ms with the profiler on): functions by self time, ${path.relative(ROOT, file)}`);
    for (const [name, ms] of topSelf(profile)) {
      console.log(line(ms, name));
    }
  }
}

fs.mkdirSync(OUT, { recursive: true });
await buildHarness(ROOT, OUT);
fs.copyFileSync(path.join(ROOT, 'tests/browser/harness/index.html'), path.join(OUT, 'index.html'));
const server = await serveStatic({
  '/': OUT,
  '/dist': process.env.PROFILE_DIST ?? path.join(ROOT, 'dist'),
  '/public/build/img/icons': path.join(ROOT, '../node_modules/@grafana/ui/dist/public/img/icons'),
});
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1200, height: 720 } });
  await page.goto(`${server.url}/index.html`);
  await page.evaluate(() => (window as unknown as { harness: { load: (url: string) => Promise<unknown> } }).harness.load('/dist/module.js'));
  // Warm-up, as the benchmark does: JIT and style caches.
  await run(page, 'mount');
  for (let batch = 0; batch < 3; batch++) {
    await run(page, 'update');
  }
  if (process.env.PROFILE_TIMES) {
    await timings(page, Number(process.env.PROFILE_TIMES));
  } else {
    await profiles(page, (process.env.PROFILE_STEPS ?? 'mount,update,update,refresh').split(',') as Step[]);
  }
} finally {
  await browser.close();
  await server.close();
}
