/**
 * The archive job alone in a process, configured from the environment exactly as the bridge is, so a
 * test can SIGKILL it. The bridge's written-through time is read from WRITTEN_THROUGH_FILE (epoch ms),
 * which the test's feed updates after each write to InfluxDB.
 */
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createArchive } from '../../../src/archive/index.js';
import { loadConfig } from '../../../src/config/index.js';

const config = loadConfig(process.env);
const file = process.env.WRITTEN_THROUGH_FILE!;
const writtenThrough = (): number => {
  try {
    return Number(readFileSync(file, 'utf8')) || 0;
  } catch {
    return 0;
  }
};
const archive = createArchive(config.archive, {
  influx: { url: config.influx.url, token: config.influx.token, org: config.influx.org, bucket: config.influx.bucket, timeoutMs: config.influx.timeoutMs },
  profiles: config.profiles,
  registry: new Registry(),
  log: pino({ level: config.log.level }, pino.destination(2)),
  writtenThrough,
});
await archive.start();
process.stdout.write('archive started\n');
process.once('SIGTERM', () => {
  void archive.stop().then(() => process.exit(0));
});
// Keep the process alive: the job's timer is unref'd, as it should be inside the bridge.
setInterval(() => undefined, 1 << 30);
