/** How each figure is obtained, in words: copied into every report's *Method* section. */
import { DEVICES, SETTLE_LIMIT_MS, STALL_MS } from '../methods/common.js';
import { DRAIN_LIMIT_MS } from '../methods/drain.js';
import { BUCKET_MS, POLL_MS } from '../measure/landing-tracker.js';
import { LATENCY_SAMPLE_ROOMS } from '../readings.js';

export const METHOD: Record<string, string> = {
  Stack:
    'Mosquitto with the shipped settings (conf.d/sensorplus.conf: 1,000 in flight, 1,000,000 queued per client) and InfluxDB 1.6 (InfluxQL, /write), both started by the bench in a scratch folder; each contender writes its own database and is counted with `SELECT count("quality")`. Every subscriber logs in as `bridge`, with a fixed client id, clean start off and a 7-day session; the session is deleted after each run.',
  Readings:
    `The message contract's reference payload (room sensors: temperature, humidity, CO2, light) from ${DEVICES.toLocaleString('en')} devices round robin; \`ts\` is the publish time, strictly increasing per device, so every message is its own point.`,
  Publisher:
    'A separate Node process (MQTT.js v5, QoS 1, at most 500 unacknowledged); it never shares an event loop with a contender or the harness. A message counts as sent once the broker acknowledged it.',
  Drain:
    `The contender is started once (a probe reading landed: the session and its subscription exist) and stopped; N messages are published into the broker while it is away; then it is started and polled every 100 ms until all N are queryable (the ceiling times its first and last message itself), nothing more landed for ${STALL_MS / 1000} s, or ${DRAIN_LIMIT_MS / 1000} s passed. Rate = landed after the first poll that saw any ÷ the time from that poll to the last. Each contender is drained several times (--drain-runs, 3 by default), every contender once per round, so that a change in the machine's load touches them alike; the run with the median rate is reported, with every run's rate beside it. A poll reads InfluxDB\'s own statistics of the points its shards accepted, and counts the database only once they reach N: counting it at every poll would cost InfluxDB about 0.1 CPU s per poll at 200,000 points, a core taken from the contender.`,
  Live:
    `A fresh contender per rate; the publisher holds the rate for the set time. Latency = the first InfluxDB poll that counts a point − its publish time: every ${POLL_MS} ms the bench counts points per ${BUCKET_MS} ms bucket of \`ts\` (GROUP BY time) and charges newly counted ones poll time − bucket middle, so figures are within −${BUCKET_MS / 2} / +${POLL_MS} ms. Only the sensors of the first ${LATENCY_SAMPLE_ROOMS} rooms (${LATENCY_SAMPLE_ROOMS * 4} of the ${DEVICES.toLocaleString('en')} devices, spread evenly through the stream) are followed: InfluxDB's cost of a query grows with the series it touches, and polling all of them took it 40 ms to 0.5 s per poll, which became the figures' tail. Whether everything landed is read, as in the drain, from InfluxDB's shard statistics and then a count. For the ceiling: receive time − \`ts\`. After publishing the bench waits until everything landed, nothing landed for ${STALL_MS / 1000} s, or ${SETTLE_LIMIT_MS / 1000} s passed.`,
  Loss: 'Acknowledged to the publisher − landed (queryable) when the wait ended; a loss is marked "stalled" (nothing more landed) or "time limit" (still landing when the bench stopped waiting). Points are idempotent (measurement + tags + ts), so redelivered duplicates are not counted twice.',
  Recovery:
    'A steady rate; after 10 s either the contender gets SIGKILL and is restarted 5 s later with the same session and folder, or InfluxDB is stopped for the outage and started again. Catch-up = from the end of the disruption until every message stamped (published) before that end is queryable, followed (every 250 ms) on the latency sample\'s devices; none when some message stamped before that end never lands (one count of all of them once the run settled).',
  'CPU seconds per 100k': "utime + stime from /proc/<pid>/stat of the contender's processes (its node process and any children), per 100,000 acknowledged messages; the drain subtracts the contender's start-up CPU (measured on its first start), live counts from the end of the probe. influxd and mosquitto are measured the same way.",
  'Peak RSS': "The highest of VmHWM (per process) and of the sampled sum of VmRSS (every 250 ms) over the contender's processes, in MB (10^6 bytes).",
  Bridge:
    'node bridge/dist/main.js, as the image runs it, of a copy of bridge/ taken when the run starts (the working tree\'s, or the commit given with --bridge-at) and compiled with the bridge\'s own build (tsc); configured only by its environment: RATE_LIMIT_PER_DEVICE=0 (the bench\'s devices publish far faster than real ones), QUEUE_DIR in the run\'s folder, LOG_LEVEL=warn, other settings at their defaults.',
  'Node-RED':
    'Installed by the bench into .cache/bench/node-red (npm, not a project dependency) and started headless (no editor, no admin API) with flow files the bench writes: mqtt in (v5, QoS 1, persistent session, autoUnsubscribe off) → json → function (the point the bridge writes: measurement = kind, tags site/room/device, fields value and quality) → join by count 1,000 / 1 s → influxdb batch, or → influxdb out (one request per message). Node-RED acknowledges each message as it receives it.',
  Telegraf: 'mqtt_consumer (QoS 1, persistent session, json_v2, acknowledged after the write) → influxdb, when a telegraf binary is on the PATH.',
};
