import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import mqtt, { type IClientOptions } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureLocalCertificates,
  startMariadb,
  startMosquitto,
  type LocalCertificates,
  type MariadbServer,
  type MosquittoServer,
} from '@sensorplus/stack';
import { goodMessages, Publisher } from '@sensorplus/simulator';
import { BridgeProcess } from '../support/bridge-process.js';
import { StackFixture, eventually } from '../support/stack-fixture.js';

/**
 * TLS where data travels, against real servers with a generated CA: Mosquitto's shipped TLS
 * listener (and with require_certificate, mutual TLS), InfluxDB serving HTTPS only, and MariaDB.
 */

interface ReadyReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; detail?: string }>;
}

const pem = (file: string) => fs.readFileSync(file, 'utf8');

/** Resolves with how the broker answered: 'connected', or the error that refused the connection. */
async function connectOutcome(url: string, options: IClientOptions): Promise<string> {
  try {
    const client = await mqtt.connectAsync(url, { protocolVersion: 5, reconnectPeriod: 0, connectTimeout: 5000, ...options }, false);
    await client.endAsync(true);
    return 'connected';
  } catch (error) {
    return `${(error as { code?: string }).code ?? ''} ${(error as Error).message}`;
  }
}

describe('TLS to the broker and to InfluxDB', () => {
  let stack: StackFixture;
  let certificates: LocalCertificates;
  let otherCa: LocalCertificates;
  let tlsUrl: string;

  const bridgeOverTls = (env: Record<string, string> = {}, logName = 'bridge-tls.log') =>
    BridgeProcess.start(stack.bridgeEnv({ MQTT_URL: tlsUrl, MQTT_CA_FILE: certificates.caFile, ...env }), path.join(stack.dir, logName)).then((bridge) => {
      stack.bridges.push(bridge);
      return bridge;
    });
  const mqttReady = (bridge: BridgeProcess) =>
    eventually(() => bridge.json<ReadyReport>('/ready'), (r) => r.checks.mqtt?.ok === true, { timeoutMs: 20_000 });

  beforeAll(async () => {
    stack = await StackFixture.start('tls', { tls: true });
    certificates = stack.certificates!;
    otherCa = ensureLocalCertificates(path.join(stack.dir, 'other-ca'));
    tlsUrl = stack.mosquitto.tlsUrl!;
  }, 120_000);
  afterAll(async () => stack?.stop());

  it('the bridge trusts the CA of MQTT_CA_FILE and INFLUX_CA_FILE: readings published over TLS land in InfluxDB over HTTPS', async () => {
    expect(stack.influx.url).toMatch(/^https:/);
    const bridge = await bridgeOverTls();
    expect((await mqttReady(bridge)).checks.mqtt).toEqual({ ok: true });
    const messages = goodMessages(40, { devices: 4 });
    const publisher = await Publisher.connect({ ...stack.publisherOptions(), url: tlsUrl, ca: pem(certificates.caFile) });
    for (const message of messages) await publisher.publish(message.topic, message.payload);
    await publisher.close();
    expect(await eventually(() => stack.countPoints(), (n) => n >= messages.length, { timeoutMs: 20_000 })).toBe(messages.length);
    expect(await bridge.stop()).toBe(0);
    expect(fs.readFileSync(path.join(stack.dir, 'bridge-tls.log'), 'utf8')).toMatch(/"url":"mqtts:\/\/.*"msg":"connected to the MQTT broker"/);
  }, 60_000);

  it('refuses a client that trusts another CA, and a plain MQTT connection to the TLS port', async () => {
    const account = stack.accounts.simulator;
    expect(await connectOutcome(tlsUrl, { ...account, ca: pem(certificates.caFile) })).toBe('connected');
    expect(await connectOutcome(tlsUrl, { ...account, ca: pem(otherCa.caFile) })).toMatch(/SELF_SIGNED_CERT_IN_CHAIN/);
    expect(await connectOutcome(tlsUrl.replace('mqtts:', 'mqtt:'), account)).not.toBe('connected');
  });

  it('checks the broker certificate against MQTT_TLS_SERVERNAME; MQTT_TLS_INSECURE skips only that check', async () => {
    const wrongName = await bridgeOverTls({ MQTT_TLS_SERVERNAME: 'mqtt.example.org' }, 'bridge-wrong-name.log');
    const log = path.join(stack.dir, 'bridge-wrong-name.log');
    await eventually(async () => fs.readFileSync(log, 'utf8'), (text) => text.includes('ERR_TLS_CERT_ALTNAME_INVALID') || text.includes('does not match'), { timeoutMs: 20_000 });
    expect((await wrongName.json<ReadyReport>('/ready')).checks.mqtt?.ok).toBe(false);
    await wrongName.stop();

    const insecure = await bridgeOverTls({ MQTT_TLS_SERVERNAME: 'mqtt.example.org', MQTT_TLS_INSECURE: 'true' }, 'bridge-insecure.log');
    expect((await mqttReady(insecure)).checks.mqtt).toEqual({ ok: true });
    await insecure.stop();

    // The chain is still checked: trusting another CA, even an insecure bridge stays out.
    const untrusting = await bridgeOverTls({ MQTT_CA_FILE: otherCa.caFile, MQTT_TLS_INSECURE: 'true' }, 'bridge-other-ca.log');
    const untrustingLog = path.join(stack.dir, 'bridge-other-ca.log');
    await eventually(async () => fs.readFileSync(untrustingLog, 'utf8'), (text) => text.includes('self-signed certificate'), { timeoutMs: 20_000 });
    expect((await untrusting.json<ReadyReport>('/ready')).checks.mqtt?.ok).toBe(false);
    await untrusting.stop();
  }, 90_000);

  describe('with require_certificate (mutual TLS)', () => {
    let broker: MosquittoServer;

    beforeAll(async () => {
      broker = await startMosquitto({
        dataDir: path.join(stack.dir, 'mosquitto-mtls'),
        users: Object.values(stack.accounts),
        tls: { certsDir: certificates.dir, requireCertificate: true },
      });
    }, 60_000);
    afterAll(async () => broker?.stop());

    it('refuses a client without a certificate; the bridge with MQTT_CERT_FILE and MQTT_KEY_FILE connects and takes readings', async () => {
      const url = broker.tlsUrl!;
      const ca = pem(certificates.caFile);
      const clientCertificate = { cert: pem(certificates.clientCertFile), key: pem(certificates.clientKeyFile) };
      expect(await connectOutcome(url, { ...stack.accounts.simulator, ca })).not.toBe('connected');
      expect(await connectOutcome(url, { ...stack.accounts.simulator, ca, ...clientCertificate })).toBe('connected');

      const before = await stack.countPoints();
      const bridge = await bridgeOverTls(
        { MQTT_URL: url, MQTT_CERT_FILE: certificates.clientCertFile, MQTT_KEY_FILE: certificates.clientKeyFile, QUEUE_DIR: path.join(stack.dir, 'queue-mtls') },
        'bridge-mtls.log',
      );
      expect((await mqttReady(bridge)).checks.mqtt).toEqual({ ok: true });
      const sensor = await mqtt.connectAsync(url, { protocolVersion: 5, ...stack.accounts.simulator, ca, ...clientCertificate });
      const messages = goodMessages(10, { devices: 2, seed: 7 });
      for (const message of messages) await sensor.publishAsync(message.topic, message.payload, { qos: 1 });
      await sensor.endAsync();
      expect(await eventually(() => stack.countPoints(), (n) => n >= before + messages.length, { timeoutMs: 20_000 })).toBe(before + messages.length);
      await bridge.stop();
      const log = fs.readFileSync(path.join(stack.dir, 'bridge-mtls.log'), 'utf8');
      expect(log).not.toContain(clientCertificate.key.split('\n')[1]!);
    }, 60_000);
  });

  describe('to the MySQL archive', () => {
    let mariadb: MariadbServer;

    beforeAll(async () => {
      const tls = { certFile: certificates.serverCertFile, keyFile: certificates.serverKeyFile, caFile: certificates.caFile };
      mariadb = await startMariadb({ dataDir: path.join(stack.dir, 'mariadb'), database: 'archive', user: 'bridge', password: randomBytes(12).toString('hex'), tls });
    }, 120_000);
    afterAll(async () => mariadb?.stop());

    it('verifies the server certificate against MYSQL_CA_FILE: the right CA reaches the archive, another does not', async () => {
      const archiveCheck = (bridge: BridgeProcess) =>
        eventually(() => bridge.json<ReadyReport>('/ready'), (r) => r.checks.archive?.detail !== 'archive: MySQL not reached yet', { timeoutMs: 20_000 });
      const trusting = await bridgeOverTls({ MYSQL_URL: mariadb.url, MYSQL_CA_FILE: certificates.caFile, QUEUE_DIR: path.join(stack.dir, 'queue-mysql') }, 'bridge-mysql.log');
      expect((await archiveCheck(trusting)).checks.archive).toEqual({ ok: true });
      await trusting.stop();
      const untrusting = await bridgeOverTls({ MYSQL_URL: mariadb.url, MYSQL_CA_FILE: otherCa.caFile, QUEUE_DIR: path.join(stack.dir, 'queue-mysql') }, 'bridge-mysql-other-ca.log');
      expect((await archiveCheck(untrusting)).checks.archive).toMatchObject({ ok: false, detail: expect.stringMatching(/self-signed certificate/) });
      await untrusting.stop();
    }, 60_000);
  });
});
