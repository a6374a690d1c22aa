import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { AlertRule, AlertRulesFile } from '../../src/alerting/model.js';

/** The provisioning files as Grafana and Prometheus read them from disk (not their TypeScript sources). */

export const PROVISIONING_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const REPO_DIR = resolve(PROVISIONING_DIR, '..');
export const GRAFANA_DIR = join(PROVISIONING_DIR, 'grafana');
export const DASHBOARD_DIR = join(GRAFANA_DIR, 'dashboards/sensorplus');
export const PROMETHEUS_DIR = join(PROVISIONING_DIR, 'prometheus');

export function readYaml<T = unknown>(path: string): T {
  return parse(readFileSync(path, 'utf8')) as T;
}

export function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => join(dir, f));
}

// ---------------------------------------------------------------------------------------------
// Dashboards (only the fields the tests read)

export interface Target {
  refId: string;
  datasource?: { type: string; uid: string };
  query?: string;
  rawSql?: string;
  expr?: string;
  /** A Grafana Live query's channel (`stream/sensorplus/temperature`). */
  channel?: string;
  queryType?: string;
  resultFormat?: string;
  format?: string;
  instant?: boolean;
  hide?: boolean;
}

export interface PanelJson {
  id: number;
  type: string;
  title: string;
  datasource?: { type: string; uid: string };
  targets?: Target[];
  panels?: PanelJson[];
  timeFrom?: string;
  maxDataPoints?: number;
  options?: Record<string, unknown>;
  gridPos?: { x: number; y: number; w: number; h: number };
}

export interface VariableJson {
  type: string;
  name: string;
  query: string | { query: string };
  datasource?: { type: string; uid: string };
  multi?: boolean;
  includeAll?: boolean;
  allValue?: string;
  current?: { text: string | string[]; value: string | string[] };
}

export interface DashboardJson {
  uid: string;
  title: string;
  schemaVersion: number;
  time: { from: string; to: string };
  templating: { list: VariableJson[] };
  panels: PanelJson[];
  links?: Array<{ url?: string }>;
}

export function loadDashboards(): Array<{ file: string; dashboard: DashboardJson }> {
  return readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, dashboard: JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as DashboardJson }));
}

/** Every panel, rows' nested panels included. */
export function allPanels(dashboard: DashboardJson): PanelJson[] {
  return dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]);
}

/** Grafana's built-in datasource: the Live channels the bridge pushes to. */
export const GRAFANA_LIVE_UID = 'grafana';

export interface PanelQuery {
  panel: PanelJson;
  target: Target;
  datasourceUid: string;
  text: string;
}

/** Each visible target of each panel with the datasource it runs on (its own, else the panel's). */
export function panelQueries(dashboard: DashboardJson): PanelQuery[] {
  return allPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? [])
      .filter((t) => !t.hide)
      .map((target) => ({
        panel,
        target,
        datasourceUid: target.datasource?.uid ?? panel.datasource?.uid ?? '',
        text: target.query ?? target.rawSql ?? target.expr ?? target.channel ?? '',
      })),
  );
}

export function variableQuery(variable: VariableJson): string {
  return typeof variable.query === 'string' ? variable.query : variable.query.query;
}

// ---------------------------------------------------------------------------------------------
// Alerting and datasources

export function loadAlertRules(): AlertRulesFile {
  return readYaml<AlertRulesFile>(join(GRAFANA_DIR, 'alerting/sensorplus-rules.yaml'));
}

/** The provisioned rules with a query on the datasource `uid`. */
export function alertRulesOn(uid: string): AlertRule[] {
  return loadAlertRules().groups.flatMap((g) => g.rules.filter((r) => r.data.some((q) => q.datasourceUid === uid)));
}

export interface DatasourceJson {
  name: string;
  uid: string;
  type: string;
  url: string;
  jsonData?: Record<string, unknown>;
}

export function loadDatasources(): DatasourceJson[] {
  return readYaml<{ datasources: DatasourceJson[] }>(join(GRAFANA_DIR, 'datasources/sensorplus.yaml')).datasources;
}

/** A datasource's `jsonData.timeInterval` (the floor of $__interval) in ms. */
export function datasourceTimeIntervalMs(uid: string): number {
  const ds = loadDatasources().find((d) => d.uid === uid);
  const text = String(ds?.jsonData?.timeInterval ?? '');
  const match = /^(\d+)s$/.exec(text);
  if (!match) throw new Error(`datasource ${uid} has no timeInterval in seconds`);
  return Number(match[1]) * 1000;
}
