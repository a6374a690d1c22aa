import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderLocalPrometheusConfig } from '@sensorplus/stack';
import { parse, stringify } from 'yaml';
import { PROMETHEUS_DIR } from './files.js';

/**
 * A test copy of the shipped prometheus.yml and rule files: the same jobs, labels and rules, with
 * the targets pointed at the test's processes and every interval set to one second so that a test
 * of a minute sees many scrapes and rule evaluations. Nothing else changes.
 */

export const TEST_SCRAPE_INTERVAL_MS = 1000;
const TEST_INTERVAL = `${TEST_SCRAPE_INTERVAL_MS / 1000}s`;

export function renderTestConfig(dir: string, targets: Record<string, string[]>): string {
  const rulesDir = join(dir, 'rules');
  mkdirSync(rulesDir, { recursive: true });
  for (const file of readdirSync(join(PROMETHEUS_DIR, 'rules'))) {
    const rules = parse(readFileSync(join(PROMETHEUS_DIR, 'rules', file), 'utf8')) as { groups: Array<{ interval?: string }> };
    for (const group of rules.groups) if (group.interval) group.interval = TEST_INTERVAL;
    writeFileSync(join(rulesDir, file), stringify(rules));
  }
  const file = join(dir, 'prometheus.yml');
  writeFileSync(
    file,
    renderLocalPrometheusConfig({
      targets,
      ruleFiles: [join(rulesDir, '*.yml')],
      global: { scrape_interval: TEST_INTERVAL, scrape_timeout: TEST_INTERVAL, evaluation_interval: TEST_INTERVAL },
    }),
  );
  return file;
}
