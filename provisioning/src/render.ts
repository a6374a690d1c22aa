import { DASHBOARDS } from './dashboards/index.js';

/** Paths (relative to provisioning/) and contents of every generated file. */
export function renderAll(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [name, build] of Object.entries(DASHBOARDS)) {
    files.set(`grafana/dashboards/sensorplus/${name}`, `${JSON.stringify(build(), null, 2)}\n`);
  }
  return files;
}
