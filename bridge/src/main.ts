#!/usr/bin/env node
import { pino, type DestinationStream } from 'pino';
import { Bridge } from './app.js';
import { REAL_CLIENTS } from './clients.js';
import { ConfigError, loadConfig } from './config/index.js';
import { ProfileError } from './profiles/index.js';
import { messageOf } from './errors.js';
import { redactUrl, type SecretMask } from './model/redact.js';

/** Every log line passes the mask on its way to stdout, so no credential reaches the log whatever carried it. */
function maskedStdout(secrets: SecretMask): DestinationStream {
  return { write: (line: string) => process.stdout.write(secrets.mask(line)) };
}

/** Entry point: validate configuration (fatal, clear message), start (retryable connects), stop on signals. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ProfileError) {
      process.stderr.write(`sensorplus-bridge: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const { secrets } = config;
  const log = pino({ name: 'sensorplus-bridge', level: config.log.level }, maskedStdout(secrets));
  // Node would print an uncaught error (and any credential in it) itself; the masked log says it instead.
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught error: stopping');
    process.exit(1);
  });
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
  try {
    await bridge.start();
  } catch (error) {
    process.stderr.write(secrets.mask(`sensorplus-bridge: failed to start: ${messageOf(error)}\n`));
    process.exit(1);
  }
  log.info({ http: bridge.httpAddress, mqtt: redactUrl(config.mqtt.url), influx: redactUrl(config.influx.url) }, 'bridge started');
}

main().catch((error: unknown) => {
  // Only an unexpected failure inside loadConfig (a bug) ends here; its messages name variables, never their values.
  process.stderr.write(`sensorplus-bridge: failed to start: ${messageOf(error)}\n`);
  process.exit(1);
});
