#!/usr/bin/env node
import { pino } from 'pino';
import { Bridge } from './app.js';
import { REAL_CLIENTS } from './clients.js';
import { ConfigError, loadConfig } from './config/index.js';

/** Entry point: validate configuration (fatal, clear message), start (retryable connects), stop on signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`sensorplus-bridge: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ name: 'sensorplus-bridge', level: config.log.level });
  const bridge = new Bridge(config, log, REAL_CLIENTS);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    bridge.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
  await bridge.start();
  log.info({ http: bridge.httpAddress, mqtt: config.mqtt.url, influx: config.influx.url }, 'bridge started');
}

main().catch((error: unknown) => {
  process.stderr.write(`sensorplus-bridge: failed to start: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
});
