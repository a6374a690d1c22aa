import { pino } from 'pino';
import { Registry } from 'prom-client';
import { createArchive, type Archive } from '../../../bridge/src/archive/index.js';
import { loadConfig } from '../../../bridge/src/config/index.js';
import type { StackFixture } from '../../../bridge/test/support/stack-fixture.js';

/**
 * The bridge's own archive over a test stack's InfluxDB, configured from environment-style
 * settings exactly as the bridge reads them (`MYSQL_URL`, `ARCHIVE_*`).
 */
export function stackArchive(stack: StackFixture, env: Record<string, string>): Archive {
  const config = loadConfig({ INFLUX_URL: stack.influx.url, INFLUX_BUCKET: 'sensorplus', ...env });
  return createArchive(config.archive, {
    influx: stack.influxConnection,
    profiles: config.profiles,
    registry: new Registry(),
    log: pino({ level: 'silent' }),
    writtenThrough: () => Date.now(),
  });
}
