import { stringify } from 'yaml';
import { alertRules } from './alerting/rules.js';
import { DASHBOARDS } from './dashboards/index.js';

const GENERATED = (source: string) =>
  `# Generated from provisioning/${source} by \`npx tsx provisioning/src/generate.ts\`; do not edit.\n`;

/** Paths (relative to provisioning/) and contents of every generated file. */
export function renderAll(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, build] of Object.entries(DASHBOARDS)) {
    files.set(`grafana/dashboards/sensorplus/${name}`, `${JSON.stringify(build(), null, 2)}\n`);
  }
  files.set('grafana/alerting/sensorplus-rules.yaml', GENERATED('src/alerting/rules.ts') + stringify(alertRules(), { lineWidth: 0, aliasDuplicateObjects: false }));
  return files;
}
