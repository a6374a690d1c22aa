/**
 * `npm start`: the whole stack on this machine, data under `.data/`:
 * Mosquitto (shipped config), InfluxDB, MariaDB, Prometheus, the bridge and the simulator.
 * Ports come from the environment (usual defaults); a taken port is replaced by a free one.
 * `npm start -- --tls` (or SENSORPLUS_TLS=1): a local CA in `.data/tls/`, made once, and every
 * connection that carries data over TLS: MQTT (Mosquitto's TLS listener), InfluxDB (HTTPS), MariaDB.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  bridgeNodeFlags,
  ensureLocalCertificates,
  findFreePort,
  renderLocalPrometheusConfig,
  startInflux,
  startMariadb,
  startMosquitto,
  startPrometheus,
  waitFor,
  type ManagedServer,
} from '../index.js';
import { loadOrCreateCredentials } from './credentials.js';
import { SupervisedProcess } from './supervised-process.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DATA = path.join(ROOT, '.data');
const TSX = createRequire(import.meta.url).resolve('tsx');
const DATABASE = 'sensorplus';
const TLS = process.argv.includes('--tls') || process.env.SENSORPLUS_TLS === '1';
/** Masked in the failure message: a server's error may quote the statement that set a password. */
let generatedPasswords: string[] = [];

function port(variable: string, fallback: number): number {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${variable} must be a port number between 1 and 65535 (got ${JSON.stringify(raw)})`);
  }
  return value;
}

async function main(): Promise<void> {
  mkdirSync(DATA, { recursive: true, mode: 0o700 });
  const credentials = loadOrCreateCredentials(path.join(DATA, 'credentials.json'));
  generatedPasswords = Object.values(credentials);
  const servers: ManagedServer[] = [];
  const processes: SupervisedProcess[] = [];
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write('\nStopping the stack…\n');
    for (const child of processes.reverse()) await child.stop();
    await Promise.allSettled(servers.map((s) => s.stop()));
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  const certificates = TLS ? ensureLocalCertificates(path.join(DATA, 'tls')) : undefined;
  const serverTls = certificates && {
    certFile: certificates.serverCertFile,
    keyFile: certificates.serverKeyFile,
    caFile: certificates.caFile,
  };
  process.stdout.write(`Starting Mosquitto, InfluxDB and MariaDB${TLS ? ' with TLS (CA in .data/tls/ca.crt)' : ''}…\n`);
  const [mosquitto, influx, mariadb] = await Promise.all([
    startMosquitto({
      dataDir: path.join(DATA, 'mosquitto'),
      port: port('MQTT_PORT', 1883),
      users: [
        { username: 'bridge', password: credentials.mqttBridgePassword },
        { username: 'simulator', password: credentials.mqttSimulatorPassword },
      ],
      ...(certificates ? { tls: { certsDir: certificates.dir, port: port('MQTTS_PORT', 8883) } } : {}),
    }),
    startInflux({ dataDir: path.join(DATA, 'influxdb'), port: port('INFLUX_PORT', 8086), tls: serverTls }),
    startMariadb({
      dataDir: path.join(DATA, 'mariadb'),
      port: port('MYSQL_PORT', 3306),
      database: DATABASE,
      user: 'sensorplus',
      password: credentials.mysqlPassword,
      tls: serverTls,
    }),
  ]);
  const mqttUrl = mosquitto.tlsUrl ?? mosquitto.url;
  // The password goes to the bridge only; what is printed and saved names the user, never the password.
  const mysqlEndpoint = `mysql://sensorplus@127.0.0.1:${mariadb.port}/${DATABASE}`;
  servers.push(mosquitto, influx, mariadb);

  const bridgePort = await findFreePort(port('HTTP_PORT', 8080));
  const bridgeUrl = `http://127.0.0.1:${bridgePort}`;
  const prometheusPort = await findFreePort(port('PROMETHEUS_PORT', 9090));
  const prometheusConfig = path.join(DATA, 'prometheus.yml');
  writeFileSync(
    prometheusConfig,
    renderLocalPrometheusConfig({
      targets: { 'sensorplus-bridge': [`127.0.0.1:${bridgePort}`], prometheus: [`127.0.0.1:${prometheusPort}`] },
    }),
  );
  const prometheus = await startPrometheus({
    dataDir: path.join(DATA, 'prometheus'),
    port: prometheusPort,
    configFile: prometheusConfig,
  });
  servers.push(prometheus);

  const mysqlUrl = `mysql://sensorplus:${encodeURIComponent(credentials.mysqlPassword)}@127.0.0.1:${mariadb.port}/${DATABASE}`;
  // A fresh token each start: the simulated multiplug posts its readings to the bridge with it.
  const ingestToken = randomBytes(18).toString('base64url');
  // The admin surface's bearer tokens, also new each start: printed, never saved.
  const apiTokens = { read: randomBytes(18).toString('base64url'), admin: randomBytes(18).toString('base64url') };
  // The simulator serves its start/stop endpoint here; the bridge passes it to the live view.
  const simulatorControlUrl = `http://127.0.0.1:${await findFreePort(port('SIM_CONTROL_PORT', 8090))}`;
  const bridge = new SupervisedProcess({
    name: 'bridge',
    command: process.execPath,
    args: [...bridgeNodeFlags(path.join(ROOT, 'bridge')), '--import', TSX, path.join(ROOT, 'bridge/src/main.ts')],
    cwd: ROOT,
    env: {
      ...process.env,
      MQTT_URL: mqttUrl,
      MQTT_USERNAME: 'bridge',
      MQTT_PASSWORD: credentials.mqttBridgePassword,
      INFLUX_URL: influx.url,
      ...(certificates ? { MQTT_CA_FILE: certificates.caFile, INFLUX_CA_FILE: certificates.caFile, MYSQL_CA_FILE: certificates.caFile } : {}),
      INFLUX_BUCKET: DATABASE,
      MYSQL_URL: mysqlUrl,
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(bridgePort),
      QUEUE_DIR: path.join(DATA, 'queue'),
      INGEST_TOKENS: `multiplug:${ingestToken}`,
      READ_TOKEN: apiTokens.read,
      ADMIN_TOKEN: apiTokens.admin,
      SIMULATOR_CONTROL_URL: simulatorControlUrl,
    },
    logFile: path.join(DATA, 'bridge.log'),
    restart: true,
  });
  bridge.start();
  processes.push(bridge);
  await waitFor(async () => (await fetch(`${bridgeUrl}/health`).catch(() => undefined))?.ok === true, {
    timeoutMs: 60_000,
    what: `the bridge answering ${bridgeUrl}/health (see .data/bridge.log)`,
  });

  const simulator = new SupervisedProcess({
    name: 'simulator',
    command: process.execPath,
    args: [
      '--import', TSX, path.join(ROOT, 'simulator/src/cli.ts'), '--interval', process.env.SIM_INTERVAL_MS ?? '5000',
      '--families', process.env.SIM_FAMILIES ?? 'building,solar-tracker,multiplug,machine', '--http-url', bridgeUrl,
      '--control-port', new URL(simulatorControlUrl).port,
    ],
    cwd: ROOT,
    env: {
      ...process.env,
      MQTT_URL: mqttUrl,
      ...(certificates ? { SIM_MQTT_CA_FILE: certificates.caFile } : {}),
      SIM_MQTT_USERNAME: 'simulator',
      SIM_MQTT_PASSWORD: credentials.mqttSimulatorPassword,
      SIM_INGEST_TOKEN: ingestToken,
    },
    logFile: path.join(DATA, 'simulator.log'),
    restart: true,
  });
  simulator.start();
  processes.push(simulator);

  const endpoints = {
    mqtt: mqttUrl,
    influx: influx.url,
    bridge: bridgeUrl,
    mysql: mysqlEndpoint,
    prometheus: prometheus.url,
    ...(certificates ? { ca: certificates.caFile } : {}),
  };
  writeFileSync(path.join(DATA, 'endpoints.json'), `${JSON.stringify(endpoints, null, 2)}\n`, { mode: 0o600 });
  printEndpoints(endpoints, apiTokens);
}

function printEndpoints(endpoints: Record<string, string>, tokens: { read: string; admin: string }): void {
  const lines = [
    '',
    'SensorPlus is running. Endpoints (also in .data/endpoints.json; passwords in .data/credentials.json):',
    `  MQTT broker      ${endpoints.mqtt}   (accounts: bridge, simulator)`,
    `  InfluxDB         ${endpoints.influx}   (database "${DATABASE}", InfluxQL)`,
    `  MySQL archive    ${endpoints.mysql}`,
    `  Prometheus       ${endpoints.prometheus}`,
    ...(endpoints.ca ? [`  TLS              clients trust ${endpoints.ca} (MQTT, InfluxDB and MySQL run over TLS)`] : []),
    `  Live view        ${endpoints.bridge}/?token=${tokens.admin}   (every room and device as it reports; Start/Stop the simulator)`,
    `  Bridge           ${endpoints.bridge}/metrics  /health  /ready  /api/devices  /api/rejections  /api/stream`,
    `  API tokens       read ${tokens.read}   admin ${tokens.admin}   (Authorization: Bearer <token>; new each start)`,
    '',
    'Logs: .data/bridge.log, .data/simulator.log, .data/<server>/*.log. Press Ctrl-C to stop everything.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
  const message = generatedPasswords.reduce((text, password) => text.replaceAll(password, '***'), (error as Error)?.message ?? String(error));
  process.stderr.write(`npm start failed: ${message}\n`);
  process.exit(1);
});
