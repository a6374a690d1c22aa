/** The ceiling: what one MQTT.js subscriber on this broker receives when it does nothing else. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Child } from '../child.js';
import { LatencyHistogram } from '../measure/histogram.js';
import type { CeilingReport, CeilingRequest } from './ceiling-process.js';
import type { Contender, ContenderContext, ContenderProcess, Counter, RunSpec } from './contender.js';
import { mqttJsVersion, spawnSubscriber } from './subscriber.js';

const PROCESS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'ceiling-process.ts');

export class CeilingContender implements Contender {
  readonly name = 'ceiling';
  readonly label = 'Ceiling (MQTT.js subscriber, counts only)';

  constructor(private readonly context: ContenderContext) {}

  versions(): Record<string, string> {
    return mqttJsVersion();
  }

  async start(run: RunSpec): Promise<ContenderProcess> {
    const child = spawnSubscriber(this.context, run, PROCESS_FILE, { ipc: true });
    return { pid: child.pid, logFile: child.logFile, exited: child.exited, counter: new IpcCounter(child), stop: () => child.stop(), kill: () => child.kill() };
  }
}

class IpcCounter implements Counter {
  private latest: Extract<CeilingReport, { type: 'count' }> = { type: 'count', count: 0, firstAt: undefined, lastAt: undefined };
  private pendingLatencies: Array<(histogram: LatencyHistogram) => void> = [];

  constructor(private readonly child: Child) {
    child.onMessage((message) => {
      const report = message as CeilingReport;
      if (report.type === 'count') this.latest = report;
      else this.pendingLatencies.splice(0).forEach((resolve) => resolve(LatencyHistogram.fromEntries(report.entries)));
    });
  }

  get count(): number {
    return this.latest.count;
  }
  get firstAt(): number | undefined {
    return this.latest.firstAt;
  }
  get lastAt(): number | undefined {
    return this.latest.lastAt;
  }

  reset(): void {
    this.latest = { type: 'count', count: 0, firstAt: undefined, lastAt: undefined };
    this.request({ type: 'reset' });
  }

  latencies(): Promise<LatencyHistogram> {
    return new Promise((resolve) => {
      this.pendingLatencies.push(resolve);
      this.request({ type: 'latencies' });
    });
  }

  private request(request: CeilingRequest): void {
    this.child.send(request);
  }
}
