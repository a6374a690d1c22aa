/**
 * The pass-through: the least a subscriber that stores every message as a point can do. MQTT.js v5,
 * QoS 1, persistent session (MQTT.js acknowledges each message as its handler returns); per message
 * a JSON.parse and the line the bridge writes for it; batches of up to 5,000 lines, or what 50 ms
 * gathered, posted to InfluxDB's `/write` with up to two requests under way, as the bridge's defaults
 * are. No checks, no durable queue, no metrics: a crash loses what it acknowledged and had not written.
 */
import http from 'node:http';
import { connectSubscriber } from './subscriber-client.js';

const BATCH_LINES = 5000;
const BATCH_TIMEOUT_MS = 50;
const MAX_IN_FLIGHT = 2;
const RETRY_MS = 250;

/** The fields of the reference payload this reads; the rest of the message contract is not checked. */
interface RoomReading {
  deviceId: string;
  kind: string;
  value: number;
  roomId: string;
  ts: number;
}

const writeUrl = new URL('/write', process.env.INFLUX_URL);
writeUrl.search = new URLSearchParams({ db: process.env.INFLUX_DB!, precision: 'ms' }).toString();
const agent = new http.Agent({ keepAlive: true, maxSockets: MAX_IN_FLIGHT });

let lines: string[] = [];
let inFlight = 0;
let timer: NodeJS.Timeout | undefined;

const client = connectSubscriber();
client.on('message', (topic, payload) => {
  const reading = JSON.parse(payload.toString()) as RoomReading;
  const site = topic.split('/', 2)[1];
  // The bridge's point for this payload: tags in key order, fields `quality` and `value` (a float).
  lines.push(`${reading.kind},device=${reading.deviceId},room=${reading.roomId},site=${site} quality="good",value=${reading.value} ${reading.ts}`);
  scheduleFlush();
});

/** A full batch goes now (if a request is free), a partial one once it has waited BATCH_TIMEOUT_MS. */
function scheduleFlush(): void {
  if (lines.length >= BATCH_LINES) flush();
  else if (lines.length > 0) timer ??= setTimeout(flush, BATCH_TIMEOUT_MS);
}

function flush(): void {
  clearTimeout(timer);
  timer = undefined;
  while (lines.length > 0 && inFlight < MAX_IN_FLIGHT) {
    const batch = lines.length <= BATCH_LINES ? lines : lines.slice(0, BATCH_LINES);
    lines = batch === lines ? [] : lines.slice(BATCH_LINES);
    inFlight += 1;
    post(batch.join('\n'));
  }
}

/** Until InfluxDB has taken it: a failed request is sent again, so a run without a crash loses nothing. */
function post(body: string): void {
  const request = http.request(writeUrl, { method: 'POST', agent, headers: { 'content-type': 'text/plain; charset=utf-8' } }, (response) => {
    response.resume();
    response.on('end', () => {
      if (response.statusCode === 204) return written();
      console.error(`InfluxDB answered ${response.statusCode}: writing the batch again`);
      setTimeout(post, RETRY_MS, body);
    });
  });
  request.on('error', (error) => {
    console.error(`write failed (${error.message}): writing the batch again`);
    setTimeout(post, RETRY_MS, body);
  });
  request.end(body);
}

function written(): void {
  inFlight -= 1;
  scheduleFlush();
}
