import type { BridgeMetrics } from './bridge-metrics.js';

/** The part of the durable queue the gauges read. */
interface QueueSize {
  readonly depth: number;
  readonly bytes: number;
}

/** Keeps the queue gauges current (every second; the queue changes far more often than it is scraped). Returns the stop. */
export function trackQueueGauges(metrics: BridgeMetrics, queue: QueueSize, limitMessages: number): () => void {
  metrics.queueLimitMessages.set(limitMessages);
  const refresh = () => {
    metrics.queueDepth.set(queue.depth);
    metrics.queueBytes.set(queue.bytes);
  };
  refresh();
  const timer = setInterval(refresh, 1000);
  timer.unref();
  return () => clearInterval(timer);
}
