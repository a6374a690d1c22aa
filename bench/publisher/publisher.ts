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

/** Which acknowledged messages a bucket listener is told of: all, or the latency sample's (readings.ts). */
type AckedOf = 'all' | 'sample';

export class PublisherProcess {
  /** The latest cumulative counts (zero until the first report). */
  latest: PublisherReport = { type: 'progress', published: 0, acked: 0, failed: 0, startedAt: Date.now(), at: Date.now(), buckets: [], sampleBuckets: [] };
  readonly finished: Promise<PublisherSummary>;
  private readonly bucketListeners: Array<{ of: AckedOf; listener: (buckets: Array<[number, number]>) => void }> = [];

  private constructor(child: Child) {
    child.onMessage((message) => {
      const report = message as PublisherReport;
      this.latest = report;
      for (const { of, listener } of this.bucketListeners) {
        const buckets = of === 'sample' ? report.sampleBuckets : report.buckets;
        if (buckets.length > 0) listener(buckets);
      }
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

  /** Acknowledged messages per ts bucket, as they are reported: of every device, or of the latency sample's only. */
  onAckedBuckets(listener: (buckets: Array<[number, number]>) => void, of: AckedOf = 'all'): void {
    this.bucketListeners.push({ of, listener });
  }
}
