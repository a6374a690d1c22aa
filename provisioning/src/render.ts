import { stringify } from 'yaml';
import { prometheusAlertRules } from './alerting/prometheus-rules.js';
import { alertRules } from './alerting/rules.js';
import { DASHBOARDS } from './dashboards/index.js';

const GENERATED = (source: string) =>
  `# Generated from provisioning/${source} by \`npx tsx provisioning/src/generate.ts\`; do not edit.\n`;

const yaml = (value: unknown) => stringify(value, { lineWidth: 0, aliasDuplicateObjects: false });

/** Paths (relative to provisioning/) and contents of every generated file. */
export function renderAll(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, build] of Object.entries(DASHBOARDS)) {
    files.set(`grafana/dashboards/sensorplus/${name}`, `${JSON.stringify(build(), null, 2)}\n`);
  }
  files.set('grafana/alerting/sensorplus-rules.yaml', GENERATED('src/alerting/rules.ts') + yaml(alertRules()));
  files.set('prometheus/rules/sensorplus-alerts.yml', GENERATED('src/alerting/bridge-alerts.ts') + yaml(prometheusAlertRules()));
  return files;
}
