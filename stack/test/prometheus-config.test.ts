import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderLocalPrometheusConfig } from '../src/index.js';
import { SHIPPED_PROMETHEUS_CONF, SHIPPED_PROMETHEUS_DIR } from '../src/paths.js';
import { TestResources } from './helpers.js';

const resources = new TestResources();
afterAll(() => resources.cleanup());

interface Config {
  global: Record<string, unknown>;
  rule_files: string[];
  scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[]; labels?: Record<string, string> }> }>;
}

const LOCAL_TARGETS = { 'sensorplus-bridge': ['127.0.0.1:18080'], prometheus: ['127.0.0.1:19090'] };

describe('renderLocalPrometheusConfig', () => {
  it('keeps the shipped config and replaces only the targets and the rule file paths', () => {
    const shipped = parse(readFileSync(SHIPPED_PROMETHEUS_CONF, 'utf8')) as Config;
    const local = parse(renderLocalPrometheusConfig({ targets: LOCAL_TARGETS })) as Config;
    expect(local.global).toEqual(shipped.global);
    expect(local.rule_files).toEqual(shipped.rule_files.map((file) => join(SHIPPED_PROMETHEUS_DIR, file)));
    expect(local.scrape_configs).toEqual(
      shipped.scrape_configs.map((job) => ({
        ...job,
        static_configs: job.static_configs.map((group) => ({ ...group, targets: LOCAL_TARGETS[job.job_name as keyof typeof LOCAL_TARGETS] })),
      })),
    );
  });

  it('passes promtool check config, the shipped rule files included', () => {
    const file = join(resources.tempDir('prometheus-config'), 'prometheus.yml');
    writeFileSync(file, renderLocalPrometheusConfig({ targets: LOCAL_TARGETS }));
    const output = execFileSync('promtool', ['check', 'config', file], { encoding: 'utf8' });
    expect(output).toMatch(/SUCCESS: [1-9]\d* rule files found/);
  });

  it('takes other rule files and global values, and refuses a job without a target', () => {
    const local = parse(renderLocalPrometheusConfig({ targets: LOCAL_TARGETS, ruleFiles: ['/tmp/rules/*.yml'], global: { scrape_interval: '1s' } })) as Config;
    expect(local.rule_files).toEqual(['/tmp/rules/*.yml']);
    expect(local.global.scrape_interval).toBe('1s');
    expect(() => renderLocalPrometheusConfig({ targets: { prometheus: ['127.0.0.1:19090'] } })).toThrow(/sensorplus-bridge/);
  });
});
