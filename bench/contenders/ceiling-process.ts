/**
 * The ceiling: a do-nothing MQTT.js v5 QoS 1 subscriber with a persistent session. It counts,
 * notes receive time − `ts` (a slice of the payload, no JSON parsing), and reports over IPC.
 */
import { LatencyHistogram } from '../measure/histogram.js';
import { connectSubscriber } from './subscriber-client.js';

export type CeilingReport =
  | { type: 'count'; count: number; firstAt: number | undefined; lastAt: number | undefined }
  | { type: 'latencies'; entries: Array<[number, number]> };
export type CeilingRequest = { type: 'reset' } | { type: 'latencies' };

const REPORT_INTERVAL_MS = 50;
const TS_KEY = '"ts":';

let count = 0;
let firstAt: number | undefined;
let lastAt: number | undefined;
let latencies = new LatencyHistogram();
let reported = -1;

const client = connectSubscriber();
client.on('message', (_topic, payload) => {
  const now = Date.now();
  count++;
  firstAt ??= now;
  lastAt = now;
  const at = payload.lastIndexOf(TS_KEY);
  if (at >= 0) latencies.add(now - Number(payload.toString('latin1', at + TS_KEY.length, payload.length - 1)));
});

setInterval(() => {
  if (count === reported) return;
  reported = count;
  send({ type: 'count', count, firstAt, lastAt });
}, REPORT_INTERVAL_MS);

process.on('message', (request: CeilingRequest) => {
  if (request.type === 'reset') {
    count = 0;
    firstAt = lastAt = undefined;
    latencies = new LatencyHistogram();
    send({ type: 'count', count, firstAt, lastAt });
  } else send({ type: 'latencies', entries: latencies.entries() });
});

function send(report: CeilingReport): void {
  process.send?.(report);
}
