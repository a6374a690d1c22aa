import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProfileError, SHIPPED_PROFILES_DIR } from '../profiles/index.js';
import { ConfigError, loadConfig } from './index.js';

describe('loadConfig', () => {
  it('applies defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config.mqtt.url).toBe('mqtt://127.0.0.1:1883');
    expect(config.mqtt.topics).toEqual(['building/+/+/+', 'flexotwin/+/status', 'solar-tracker/+/telemetry', 'solar-tracker/+/status']);
    expect(config.profiles.map((p) => p.name)).toEqual(['building', 'multiplug', 'production-machine', 'solar-tracker']);
    expect(config.http.port).toBe(8080);
    expect(config.pipeline.rateLimit).toEqual({ perDevicePerSecond: 20, burst: 40 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('coerces numbers and booleans and splits topic lists', () => {
    const config = loadConfig({
      HTTP_PORT: '9100',
      METRICS_PER_DEVICE: 'true',
      MQTT_TOPICS: 'building/a/+/+, building/b/#',
      RATE_LIMIT_PER_DEVICE: '0',
    });
    expect(config.http.port).toBe(9100);
    expect(config.metrics.perDevice).toBe(true);
    expect(config.mqtt.topics).toEqual(['building/a/+/+', 'building/b/#']);
    expect(config.pipeline.rateLimit).toBeNull();
  });

  it('reports every bad value at once, by name, without revealing secrets', () => {
    let error: unknown;
    try {
      loadConfig({ HTTP_PORT: 'eighty', MQTT_URL: 'localhost:1883', LOG_LEVEL: 'loud', INFLUX_TOKEN: 'x'.repeat(3) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/HTTP_PORT .*"eighty"/);
    expect(problems.join('\n')).toMatch(/MQTT_URL has an invalid format/);
    expect(problems.join('\n')).toMatch(/LOG_LEVEL/);
  });

  it('never echoes a value that may carry a credential, such as a URL with a password', () => {
    const password = randomBytes(9).toString('hex');
    expect(() => loadConfig({ MQTT_URL: `broker:${password}@localhost:1883` })).toThrow(/MQTT_URL has an invalid format \(got a hidden value\)/);
    try {
      loadConfig({ MQTT_URL: `broker:${password}@localhost:1883` });
    } catch (error) {
      expect((error as ConfigError).message).not.toContain(password);
    }
  });

  it('reads the TLS files at start, and names the variable of one it cannot read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-tls-'));
    const file = (name: string) => (fs.writeFileSync(path.join(dir, name), `PEM of ${name}\n`), path.join(dir, name));
    try {
      const config = loadConfig({
        MQTT_URL: 'mqtts://broker:8883',
        MQTT_CA_FILE: file('ca.crt'),
        MQTT_CERT_FILE: file('client.crt'),
        MQTT_KEY_FILE: file('client.key'),
        INFLUX_URL: 'https://influx:8086',
        INFLUX_CA_FILE: file('ca.crt'),
        MYSQL_URL: 'mysql://u:p@db/archive',
        MYSQL_CA_FILE: file('ca.crt'),
      });
      expect(config.mqtt.tls).toMatchObject({ ca: 'PEM of ca.crt\n', cert: 'PEM of client.crt\n', checkHostname: true });
      expect(config.mqtt.tls.key?.reveal()).toBe('PEM of client.key\n');
      expect(JSON.stringify(config)).not.toContain('client.key');
      expect(config.influx.ca).toBe('PEM of ca.crt\n');
      expect(config.archive.mysql).toMatchObject({ ssl: true, ca: 'PEM of ca.crt\n' });
      expect(() => loadConfig({ MQTT_URL: 'mqtts://broker:8883', MQTT_CA_FILE: path.join(dir, 'missing.crt') })).toThrow(/MQTT_CA_FILE cannot be read: .*missing\.crt/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses TLS settings that cannot apply', () => {
    expect(() => loadConfig({ MQTT_TLS_INSECURE: 'true' })).toThrow(/MQTT_URL must be mqtts:\/\/ or wss:\/\//);
    expect(() => loadConfig({ MQTT_URL: 'mqtts://broker:8883', MQTT_CERT_FILE: '/dev/null' })).toThrow(/MQTT_CERT_FILE and MQTT_KEY_FILE go together/);
    expect(() => loadConfig({ MQTT_URL: 'wss://broker/mqtt', MQTT_TLS_SERVERNAME: 'broker.example' })).toThrow(/apply to mqtts:\/\/ only/);
    expect(() => loadConfig({ INFLUX_CA_FILE: '/dev/null' })).toThrow(/INFLUX_URL is not https/);
    expect(() => loadConfig({ MYSQL_URL: 'mysql://u:p@db/archive?ssl=false', MYSQL_CA_FILE: '/dev/null' })).toThrow(/ssl=false but MYSQL_CA_FILE/);
  });

  it('masks every credential it was given: secret variables, URL passwords, the password half of user:password', () => {
    const secret = () => randomBytes(9).toString('hex');
    const [mqtt, url, influx, mysql] = [secret(), secret(), secret(), secret()];
    const { secrets } = loadConfig({
      MQTT_PASSWORD: mqtt,
      MQTT_URL: `mqtt://bridge:${url}@broker:1883`,
      INFLUX_TOKEN: `admin:${influx}`,
      MYSQL_URL: `mysql://u:${mysql}@db/archive`,
    });
    const text = `${mqtt} ${url} p=${influx} ${encodeURIComponent(mysql)}`;
    expect(secrets.mask(text)).toBe('*** *** p=*** ***');
  });

  it('keeps credentials out of JSON and string conversions', () => {
    const [password, token] = [randomBytes(9).toString('hex'), randomBytes(9).toString('hex')];
    const config = loadConfig({ MQTT_PASSWORD: password, INFLUX_TOKEN: token });
    expect(JSON.stringify(config)).not.toContain(password);
    expect(`${config.influx.token}`).not.toContain(token);
    expect(config.mqtt.password.reveal()).toBe(password);
  });

  it('loads the profiles of PROFILES_DIR and subscribes to their topics, unless MQTT_TOPICS names others', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-profiles-'));
    try {
      fs.copyFileSync(path.join(SHIPPED_PROFILES_DIR, 'production-machine.yaml'), path.join(dir, 'production-machine.yaml'));
      const config = loadConfig({ PROFILES_DIR: dir });
      expect(config.profiles.map((p) => p.name)).toEqual(['production-machine']);
      expect(config.mqtt.topics).toEqual(['flexotwin/+/status']);
      expect(loadConfig({ PROFILES_DIR: dir, MQTT_TOPICS: '$share/bridge/flexotwin/+/status' }).mqtt.topics).toEqual(['$share/bridge/flexotwin/+/status']);
      fs.writeFileSync(path.join(dir, 'broken.yaml'), 'topic: x/{device}\ntags: {}\nmeasurement: x\nfields: {}\n');
      expect(() => loadConfig({ PROFILES_DIR: dir })).toThrow(ProfileError);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
