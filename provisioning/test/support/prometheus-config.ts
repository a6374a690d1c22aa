import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { PROMETHEUS_DIR } from './files.js';

/**
 * A test copy of the shipped prometheus.yml and rule files: the same jobs, labels and rules, with
 * the targets pointed at the test's processes and every interval set to one second so that a test
 * of a minute sees many scrapes and rule evaluations. Nothing else changes.
 */

interface ScrapeConfig {
  job_name: string;
  static_configs: Array<{ targets: string[]; labels?: Record<string, string> }>;
}

interface PrometheusConfig {
  global: Record<string, string | Record<string, string>>;
  rule_files: string[];
  scrape_configs: ScrapeConfig[];
}

export const TEST_SCRAPE_INTERVAL_MS = 1000;

export function renderTestConfig(dir: string, targets: Record<string, string[]>): string {
  const config = parse(readFileSync(join(PROMETHEUS_DIR, 'prometheus.yml'), 'utf8')) as PrometheusConfig;
  config.global.scrape_interval = '1s';
  config.global.scrape_timeout = '1s';
  config.global.evaluation_interval = '1s';
  for (const job of config.scrape_configs) {
    const target = targets[job.job_name];
    if (!target) throw new Error(`no test target for job ${job.job_name}`);
    for (const group of job.static_configs) group.targets = target;
  }
  const rulesDir = join(dir, 'rules');
  mkdirSync(rulesDir, { recursive: true });
  for (const file of readdirSync(join(PROMETHEUS_DIR, 'rules'))) {
    const rules = parse(readFileSync(join(PROMETHEUS_DIR, 'rules', file), 'utf8')) as { groups: Array<{ interval?: string }> };
    for (const group of rules.groups) if (group.interval) group.interval = '1s';
    writeFileSync(join(rulesDir, file), stringify(rules));
  }
  config.rule_files = [join(rulesDir, '*.yml')];
  const file = join(dir, 'prometheus.yml');
  writeFileSync(file, stringify(config));
  return file;
}
