import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * Prometheus config for a local run: the shipped rule files, and the bridge as the one target
 * (docker-compose uses provisioning/prometheus/prometheus.yml, which names the `bridge` service).
 */
export function renderPrometheusConfig(o: { root: string; bridgeTarget: string }): string {
  const rulesDir = path.join(o.root, 'provisioning/prometheus/rules');
  const ruleFiles = existsSync(rulesDir)
    ? readdirSync(rulesDir)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => `  - ${JSON.stringify(path.join(rulesDir, f))}`)
    : [];
  return [
    '# Rendered by npm start; do not edit.',
    'global:',
    '  scrape_interval: 15s',
    '  evaluation_interval: 15s',
    ...(ruleFiles.length > 0 ? ['rule_files:', ...ruleFiles] : []),
    'scrape_configs:',
    '  - job_name: sensorplus-bridge',
    '    static_configs:',
    `      - targets: [${JSON.stringify(o.bridgeTarget)}]`,
    '',
  ].join('\n');
}
