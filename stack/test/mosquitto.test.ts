import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { connect } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import {
  canConnect,
  ensureLocalCertificates,
  findBinary,
  findFreePort,
  launch,
  SHIPPED_MOSQUITTO_ACL,
  SHIPPED_MOSQUITTO_CONF,
  SHIPPED_MOSQUITTO_CONF_D,
  startMosquitto,
  waitFor,
  writePasswordFile,
} from '../src/index.js';
import { isAlive, TestResources, testPassword } from './helpers.js';
import { connectMqtt, Inbox, publishReasonCode } from './mqtt-helpers.js';

const resources = new TestResources();
afterAll(() => resources.cleanup());

const bridgeAccount = { username: 'bridge', password: testPassword() };
const simulatorAccount = { username: 'simulator', password: testPassword() };
const sensorAccount = { username: 'temp-1', password: testPassword() };
const users = [bridgeAccount, simulatorAccount, sensorAccount];

describe('startMosquitto', () => {
  it('renders a local config that loads the shipped settings, not a copy', async () => {
    const broker = resources.server(await startMosquitto({ dataDir: resources.tempDir('mosquitto-conf'), users }));
    const config = readFileSync(broker.configFile, 'utf8');
    expect(config).toContain(`include_dir ${SHIPPED_MOSQUITTO_CONF_D}`);
    expect(config).toContain(`acl_file ${SHIPPED_MOSQUITTO_ACL}`);
    expect(config).toMatch(/^user root$/m);
    expect(config).not.toMatch(/max_queued_messages|allow_anonymous/);
    expect(readFileSync(join(broker.dataDir, 'mosquitto.log'), 'utf8')).toContain(
      `Loading config file ${SHIPPED_MOSQUITTO_CONF_D}/sensorplus.conf`,
    );
  });

  it('restarts on the same port and stops', async () => {
    const broker = resources.server(await startMosquitto({ dataDir: resources.tempDir('mosquitto-life'), users }));
    expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
    const { port, pid } = broker;
    await broker.restart();
    expect(broker.port).toBe(port);
    expect(isAlive(pid)).toBe(false);
    const client = await connectMqtt(resources, broker.url, { ...bridgeAccount, clientId: 'life' });
    await client.endAsync();

    await broker.stop();
    expect(isAlive(broker.pid)).toBe(false);
    expect(await canConnect(port)).toBe(false);
  });

  it('keeps every QoS 1 message for an offline persistent session, across a broker restart', async () => {
    // Mosquitto's default max_queued_messages (1000) would drop all but ~1000 of these.
    const total = 20_000;
    const broker = resources.server(await startMosquitto({ dataDir: resources.tempDir('mosquitto-backlog'), users }));
    const session = { ...bridgeAccount, clientId: 'backlog-bridge', clean: false, properties: { sessionExpiryInterval: 3600 } };
    const offline = await connectMqtt(resources, broker.url, session);
    await offline.subscribeAsync('building/#', { qos: 1 });
    await offline.endAsync();

    const simulator = await connectMqtt(resources, broker.url, { ...simulatorAccount, clientId: 'backlog-sim' });
    for (let start = 0; start < total; start += 500) {
      const batch = Array.from({ length: Math.min(500, total - start) }, (_, i) =>
        simulator.publishAsync('building/demo/temperature/sim-1', String(start + i), { qos: 1 }),
      );
      await Promise.all(batch);
    }
    await simulator.endAsync();
    await broker.restart(); // SIGTERM saves the queue; persistence restores it

    // Listen before connecting: the queued messages follow the CONNACK immediately.
    const back = connect(broker.url, { ...session, protocolVersion: 5, reconnectPeriod: 0 });
    resources.onCleanup(() => back.endAsync(true));
    const inbox = new Inbox(back);
    const connack = await new Promise<{ sessionPresent: boolean }>((resolve) => back.once('connect', resolve));
    expect(connack.sessionPresent).toBe(true);
    await inbox.waitForCount(total, 60_000);
    expect(new Set(inbox.payloads()).size).toBe(total);
  }, 120_000);

  it('enables the shipped TLS listener block as written, with certificates from a local CA', async () => {
    const dir = resources.tempDir('mosquitto-tls');
    const certificates = ensureLocalCertificates(join(dir, 'certs'));
    const certsDir = certificates.dir;
    const ca = readFileSync(certificates.caFile);
    const broker = resources.server(await startMosquitto({ dataDir: join(dir, 'data'), users, tls: { certsDir } }));
    expect(broker.tlsUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:\d+$/);
    const config = readFileSync(broker.configFile, 'utf8');
    expect(config).toContain(`certfile ${certsDir}/server.crt`);
    expect(config).toContain('require_certificate false');
    // Made once: a second call keeps the files the broker already uses.
    expect(readFileSync(ensureLocalCertificates(certsDir).caFile)).toEqual(ca);

    const sensor = await connectMqtt(resources, broker.tlsUrl as string, { ...sensorAccount, clientId: 'tls', ca });
    expect(await publishReasonCode(sensor, 'building/demo/temperature/temp-1', 'over-tls')).toBe(0);
    await expect(
      connectMqtt(resources, broker.tlsUrl as string, { clientId: 'tls-untrusted', ...sensorAccount }),
    ).rejects.toThrow(/self[- ]signed|unable to (get|verify)/i);
  });

  it('runs the docker main config (mosquitto.conf) with container paths mapped to a temp dir', async () => {
    const root = resources.tempDir('mosquitto-docker');
    const port = await findFreePort();
    const configFile = mapDockerConfig(root, port);
    const server = resources.server(
      await launch({
        name: 'mosquitto',
        binary: findBinary('mosquitto') as string,
        args: ['-c', configFile],
        dataDir: root,
        port,
        url: `mqtt://127.0.0.1:${port}`,
        logFile: join(root, 'mosquitto.log'),
        readyWhat: 'accepting connections',
        isReady: () => canConnect(port),
        readyTimeoutMs: 30_000,
        stopTimeoutMs: 10_000,
      }),
    );
    const sensor = await connectMqtt(resources, server.url, { ...sensorAccount, clientId: 'docker-sensor' });
    expect(await publishReasonCode(sensor, 'building/demo/temperature/temp-1', 'ok')).toBe(0);
    expect(await publishReasonCode(sensor, 'building/demo/temperature/temp-2', 'spoof')).toBe(135);
    await expect(connectMqtt(resources, server.url, { clientId: 'docker-anon' })).rejects.toThrow(/Not authorized/);
  });
});

describe('process cleanup', () => {
  for (const mode of ['exit', 'wait'] as const) {
    it(`stops the broker when its parent ${mode === 'exit' ? 'exits' : 'is killed with SIGKILL'}`, async () => {
      const dataDir = resources.tempDir(`mosquitto-orphan-${mode}`);
      const fixture = join(import.meta.dirname, 'fixtures', 'orphan-server.ts');
      const parent = spawn(process.execPath, ['--import', 'tsx', fixture, dataDir, mode], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      resources.onCleanup(async () => parent.kill('SIGKILL'));
      const [line] = (await once(createInterface({ input: parent.stdout }), 'line')) as [string];
      const { pid } = JSON.parse(line) as { pid: number };
      resources.onCleanup(async () => isAlive(pid) && process.kill(pid, 'SIGKILL'));
      if (mode === 'wait') {
        expect(isAlive(pid)).toBe(true);
        parent.kill('SIGKILL'); // no exit handler runs: only the parent-death signal can stop the broker
      }
      await waitFor(async () => !isAlive(pid), { timeoutMs: 15_000, what: `broker ${pid} to stop` });
    });
  }
});

/**
 * The shipped docker config with /mosquitto/ mapped to `root`, the listener moved to a free
 * port on 127.0.0.1 and `user root` added (as root, Mosquitto would otherwise drop privileges).
 */
function mapDockerConfig(root: string, port: number): string {
  mkdirSync(join(root, 'config', 'conf.d'), { recursive: true });
  mkdirSync(join(root, 'data'), { recursive: true });
  copyFileSync(SHIPPED_MOSQUITTO_ACL, join(root, 'config', 'acl'));
  copyFileSync(join(SHIPPED_MOSQUITTO_CONF_D, 'sensorplus.conf'), join(root, 'config', 'conf.d', 'sensorplus.conf'));
  writePasswordFile(join(root, 'config', 'passwd'), users);
  const shipped = readFileSync(SHIPPED_MOSQUITTO_CONF, 'utf8');
  expect(shipped).toMatch(/^listener 1883$/m);
  const mapped = shipped
    .replaceAll('/mosquitto/', `${root}/`)
    .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`);
  const file = join(root, 'config', 'mosquitto.conf');
  writeFileSync(file, `user root\n${mapped}`);
  return file;
}
