import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './index.js';

describe('loadConfig', () => {
  it('applies defaults when the environment is empty', () => {
    const config = loadConfig({});
    expect(config.mqtt.url).toBe('mqtt://127.0.0.1:1883');
    expect(config.mqtt.topics).toEqual(['building/+/+/+']);
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

  it('keeps credentials out of JSON and string conversions', () => {
    const [password, token] = [randomBytes(9).toString('hex'), randomBytes(9).toString('hex')];
    const config = loadConfig({ MQTT_PASSWORD: password, INFLUX_TOKEN: token });
    expect(JSON.stringify(config)).not.toContain(password);
    expect(`${config.influx.token}`).not.toContain(token);
    expect(config.mqtt.password.reveal()).toBe(password);
  });
});
