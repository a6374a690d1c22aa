/** The harness's side of the publisher process: start a job, follow its acknowledgements. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Child } from '../child.js';
import { nodeTypeScript } from '../paths.js';
import type { PublishJob, PublisherReport } from './protocol.js';

const PROCESS_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'publisher-process.ts');

export interface PublisherSummary {
  published: number;
  acked: number;
  failed: number;
  /** First publish to last acknowledgement. */
  seconds: number;
  /** Acknowledged messages per second over `seconds`. */
  achievedRate: number;
}

export class PublisherProcess {
  /** The latest cumulative counts (zero until the first report). */
  latest: PublisherReport = { type: 'progress', published: 0, acked: 0, failed: 0, startedAt: Date.now(), at: Date.now(), buckets: [], sampleBuckets: [] };
  readonly finished: Promise<PublisherSummary>;
  private readonly bucketListeners: Array<(buckets: Array<[number, number]>) => void> = [];
  private readonly sampleListeners: Array<(buckets: Array<[number, number]>) => void> = [];

  private constructor(child: Child) {
    child.onMessage((message) => {
      const report = message as PublisherReport;
      this.latest = report;
      if (report.buckets.length > 0) for (const listener of this.bucketListeners) listener(report.buckets);
      if (report.sampleBuckets.length > 0) for (const listener of this.sampleListeners) listener(report.sampleBuckets);
    });
    this.finished = child.exited.then(() => {
      const last = this.latest;
      if (last.type !== 'done') throw new Error(`the publisher ended without finishing (log: ${child.logFile})`);
      const seconds = (last.at - last.startedAt) / 1000;
      return { published: last.published, acked: last.acked, failed: last.failed, seconds, achievedRate: last.acked / seconds };
    });
  }

  static start(job: PublishJob, logFile: string): PublisherProcess {
    const env = { BENCH_PUBLISH_JOB: JSON.stringify(job) };
    return new PublisherProcess(Child.spawn({ command: process.execPath, args: nodeTypeScript(PROCESS_FILE), env, logFile, ipc: true }));
  }

  /** Acknowledged messages per ts bucket, as they are reported. */
  onAckedBuckets(listener: (buckets: Array<[number, number]>) => void): void {
    this.bucketListeners.push(listener);
  }

  /** The same, of the latency sample's devices only. */
  onAckedSampleBuckets(listener: (buckets: Array<[number, number]>) => void): void {
    this.sampleListeners.push(listener);
  }
}
