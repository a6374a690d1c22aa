import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { SHIPPED_PROMETHEUS_CONF, SHIPPED_PROMETHEUS_DIR } from './paths.js';

/** The parts of the shipped prometheus.yml a local run changes; the rest is kept as it is. */
interface ShippedConfig {
  global: Record<string, unknown>;
  rule_files?: string[];
  scrape_configs: Array<{ job_name: string; static_configs: Array<{ targets: string[] }> }>;
}

export interface LocalPrometheusConfig {
  /** Targets per job of the shipped config, which names docker services; every job needs its own. */
  targets: Record<string, string[]>;
  /** Rule files (globs) to load instead of the shipped ones. */
  ruleFiles?: string[];
  /** Values that replace those of the shipped `global` section, such as a test's short intervals. */
  global?: Record<string, string>;
}

/**
 * The shipped provisioning/prometheus/prometheus.yml (jobs, labels, intervals, rule files) with
 * only what differs locally replaced: the scrape targets, and the rule files by absolute path,
 * since the rendered file does not sit next to them.
 */
export function renderLocalPrometheusConfig(o: LocalPrometheusConfig): string {
  const config = parse(readFileSync(SHIPPED_PROMETHEUS_CONF, 'utf8')) as ShippedConfig;
  Object.assign(config.global, o.global);
  for (const job of config.scrape_configs) {
    const targets = o.targets[job.job_name];
    if (!targets) throw new Error(`no local target for the Prometheus job ${job.job_name}`);
    for (const group of job.static_configs) group.targets = targets;
  }
  config.rule_files = o.ruleFiles ?? (config.rule_files ?? []).map((file) => (isAbsolute(file) ? file : join(SHIPPED_PROMETHEUS_DIR, file)));
  return `# Rendered by @sensorplus/stack from provisioning/prometheus/prometheus.yml; do not edit.\n${stringify(config)}`;
}
