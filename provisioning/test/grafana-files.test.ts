import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderAll } from '../src/render.js';
import {
  DASHBOARD_DIR,
  GRAFANA_DIR,
  GRAFANA_LIVE_UID,
  PROVISIONING_DIR,
  REPO_DIR,
  allPanels,
  loadAlertRules,
  loadDashboards,
  loadDatasources,
  panelQueries,
  readYaml,
  yamlFiles,
} from './support/files.js';

/**
 * What Grafana checks when it loads the provisioning files, and what it does not check but we rely on:
 * fixed datasource uids, every query on an existing datasource, alert rules in the file-provisioning
 * shape, notification routing for every severity, and generated files that match their sources.
 */

const DATASOURCE_UIDS = ['sensorplus-influxdb', 'sensorplus-mysql', 'sensorplus-prometheus'];
const SEVERITIES = ['critical', 'warning', 'info'];
/** Grafana 12.x writes 41–42, 13.x 42 (the last v1 schema version); we pin what the SDK and @grafana/schema 13 write. */
const SCHEMA_VERSION = 42;
const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;

describe('generated files', () => {
  it('match their TypeScript sources (run `npx tsx provisioning/src/generate.ts` after editing src/)', () => {
    for (const [path, content] of renderAll()) {
      expect({ path, same: readFileSync(join(PROVISIONING_DIR, path), 'utf8') === content }).toEqual({ path, same: true });
    }
  });

  it('are the only dashboards in the provisioned folder', () => {
    const generated = [...renderAll().keys()].filter((p) => p.startsWith('grafana/dashboards/sensorplus/')).map((p) => p.split('/').pop());
    expect(readdirSync(DASHBOARD_DIR).sort()).toEqual(generated.sort());
  });
});

describe('datasources', () => {
  const file = readYaml<{ apiVersion: number; datasources: Array<{ uid: string; type: string; name: string; url: string; isDefault?: boolean }> }>(
    join(GRAFANA_DIR, 'datasources/sensorplus.yaml'),
  );

  it('provisions InfluxDB (InfluxQL), MySQL and Prometheus with fixed uids', () => {
    expect(file.apiVersion).toBe(1);
    expect(file.datasources.map((d) => [d.uid, d.type])).toEqual([
      ['sensorplus-influxdb', 'influxdb'],
      ['sensorplus-mysql', 'mysql'],
      ['sensorplus-prometheus', 'prometheus'],
    ]);
    expect(new Set(file.datasources.map((d) => d.name)).size).toBe(3);
    expect(file.datasources.filter((d) => d.isDefault)).toHaveLength(1);
    expect(loadDatasources().find((d) => d.uid === 'sensorplus-influxdb')?.jsonData?.version).toBe('InfluxQL');
  });

  it('keeps secrets out of the file', () => {
    const text = readFileSync(join(GRAFANA_DIR, 'datasources/sensorplus.yaml'), 'utf8');
    for (const match of text.matchAll(/^\s*(password|user):\s*(.+)$/gm)) expect(match[2]).toMatch(/^\$[A-Z_]+$/);
  });
});

describe('dashboards', () => {
  const dashboards = loadDashboards();

  it('are the seven SensorPlus dashboards with unique uids and the current schema version', () => {
    expect(dashboards.map((d) => d.dashboard.uid).sort()).toEqual([
      'sensorplus-archive',
      'sensorplus-bridge',
      'sensorplus-building',
      'sensorplus-device',
      'sensorplus-production',
      'sensorplus-smart-plug',
      'sensorplus-solar-tracker',
    ]);
    for (const { dashboard } of dashboards) {
      expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(41);
      expect(dashboard.schemaVersion).toBe(SCHEMA_VERSION);
      expect(dashboard.uid.length).toBeLessThanOrEqual(40);
    }
  });

  it.each(dashboards.map((d) => [d.dashboard.uid, d.dashboard] as const))('%s: every query names a provisioned datasource', (_uid, dashboard) => {
    const queries = panelQueries(dashboard);
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries) {
      if (q.datasourceUid === GRAFANA_LIVE_UID) {
        // The channels the bridge pushes to (GRAFANA_LIVE_STREAM, `sensorplus` by default).
        expect({ panel: q.panel.title, queryType: q.target.queryType, channel: q.text }).toEqual({
          panel: q.panel.title,
          queryType: 'measurements',
          channel: expect.stringMatching(/^stream\/sensorplus\/[a-z_]+$/),
        });
        continue;
      }
      expect({ panel: q.panel.title, uid: q.datasourceUid }).toEqual({ panel: q.panel.title, uid: expect.toBeOneOf(DATASOURCE_UIDS) });
      expect(q.text.trim().length).toBeGreaterThan(0);
    }
    for (const v of dashboard.templating.list) expect(v.datasource?.uid).toBeOneOf(DATASOURCE_UIDS);
  });

  it.each(dashboards.map((d) => [d.dashboard.uid, d.dashboard] as const))('%s: panel ids, refIds and grid positions are sound', (_uid, dashboard) => {
    const panels = allPanels(dashboard);
    const ids = panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      const refIds = (panel.targets ?? []).map((t) => t.refId);
      expect(new Set(refIds).size).toBe(refIds.length);
      expect(refIds.every((r) => /^[A-Z]$/.test(r))).toBe(true);
      const { x, w } = panel.gridPos!;
      expect(x + w).toBeLessThanOrEqual(24);
    }
  });

  it('the device dashboard takes var-site, var-room and var-device, as the building panel links to it', () => {
    const device = dashboards.find((d) => d.dashboard.uid === 'sensorplus-device')!.dashboard;
    expect(device.templating.list.map((v) => v.name)).toEqual(['site', 'room', 'device']);
    const room = device.templating.list.find((v) => v.name === 'room')!;
    expect(room).toMatchObject({ includeAll: true, allValue: '.*' });
  });

  it('each carries the sensorplus tag and the dropdown of the dashboards with that tag, so every one is in every dropdown', () => {
    for (const { dashboard } of dashboards) {
      const json = dashboard as unknown as { tags: string[]; links: Array<{ type: string; tags: string[]; asDropdown: boolean }> };
      expect({ uid: dashboard.uid, tagged: json.tags.includes('sensorplus') }).toEqual({ uid: dashboard.uid, tagged: true });
      expect(json.links.filter((l) => l.type === 'dashboards' && l.asDropdown && l.tags.join() === 'sensorplus')).toHaveLength(1);
    }
  });

  it('links only to dashboards that exist', () => {
    const uids = new Set(dashboards.map((d) => d.dashboard.uid));
    const urls = dashboards.flatMap(({ dashboard }) => [
      ...(dashboard.links ?? []).map((l) => l.url ?? ''),
      ...allPanels(dashboard).flatMap((p) => [
        ...((p as { links?: Array<{ url: string }> }).links ?? []).map((l) => l.url),
        String(p.options?.deviceUrl ?? ''),
        String(p.options?.roomUrl ?? ''),
      ]),
    ]);
    const targets = urls.filter((u) => u.startsWith('/d/')).map((u) => u.slice(3).split(/[?/]/)[0]!);
    expect(targets.length).toBeGreaterThan(3);
    for (const target of targets) expect(uids.has(target), target).toBe(true);
  });

  it("uses the building panel with options its module.ts declares", () => {
    const constants = readFileSync(join(REPO_DIR, 'grafana-plugin/src/constants.ts'), 'utf8');
    const pluginId = /PLUGIN_ID = '([^']+)'/.exec(constants)?.[1];
    const declared = new Set([...readFileSync(join(REPO_DIR, 'grafana-plugin/src/module.ts'), 'utf8').matchAll(/path: '([\w.]+)'/g)].map((m) => m[1]!.split('.')[0]));
    const panels = dashboards.flatMap((d) => allPanels(d.dashboard)).filter((p) => p.type === pluginId);
    expect(panels).toHaveLength(1);
    for (const key of Object.keys(panels[0]!.options ?? {})) expect(declared.has(key), `option ${key}`).toBe(true);
  });
});

describe('alert rules', () => {
  const file = loadAlertRules();
  const rules = file.groups.flatMap((g) => g.rules);

  it('are groups in the file-provisioning shape', () => {
    expect(file.apiVersion).toBe(1);
    for (const group of file.groups) {
      expect(group.name).toMatch(/^sensorplus-/);
      expect(group.folder).toBe('SensorPlus');
      expect(typeof group.interval).toBe('string');
      expect(group.interval).toMatch(DURATION);
      expect(group.rules.length).toBeGreaterThan(0);
    }
  });

  it('cover the devices, the rooms, the bridge, the archive and the device families', () => {
    expect(rules.map((r) => r.uid).sort()).toEqual([
      'sensorplus-archive-lagging',
      'sensorplus-bridge-down',
      'sensorplus-co2-high',
      'sensorplus-device-offline',
      'sensorplus-humidity-range',
      'sensorplus-influxdb-writes-failing',
      'sensorplus-machine-defect-rate',
      'sensorplus-mqtt-disconnected',
      'sensorplus-plug-high-cost',
      'sensorplus-plug-high-usage',
      'sensorplus-plug-peak-usage',
      'sensorplus-queue-filling',
      'sensorplus-rejections-high',
      'sensorplus-temperature-comfort',
      'sensorplus-tracker-battery-low',
      'sensorplus-tracker-offline',
    ]);
  });

  it.each(rules.map((r) => [r.uid, r] as const))('%s is complete and consistent', (_uid, rule) => {
    expect(rule.uid.length).toBeLessThanOrEqual(40);
    expect(rule.title.length).toBeGreaterThan(3);
    expect(rule.for).toMatch(DURATION);
    expect(rule.data.length).toBeGreaterThan(0);
    const refIds = rule.data.map((q) => q.refId);
    expect(new Set(refIds).size).toBe(refIds.length);
    expect(refIds).toContain(rule.condition);
    for (const query of rule.data) {
      expect(query.model.refId).toBe(query.refId);
      expect([...DATASOURCE_UIDS, '__expr__']).toContain(query.datasourceUid);
      if (query.datasourceUid === '__expr__') expect(refIds).toContain(query.model.expression);
      else expect(query.relativeTimeRange!.from).toBeGreaterThan(0);
    }
    expect(SEVERITIES).toContain(rule.labels.severity);
    for (const key of ['summary', 'description', 'runbook'] as const) expect(rule.annotations[key].length).toBeGreaterThan(10);
  });

  it('survive Grafana\'s environment interpolation', () => {
    for (const rule of rules) {
      // Labels are interpolated ($x becomes an environment variable), annotations only ${x}.
      for (const value of Object.values(rule.labels)) expect(value).not.toContain('$');
      for (const value of Object.values(rule.annotations)) expect(value).not.toContain('${');
      // Dashboard-only macros and variables have no meaning in a rule.
      for (const query of rule.data) expect(JSON.stringify(query.model)).not.toMatch(/\$__interval|\$__rate_interval|\$(site|room|device|instance)\b/);
    }
  });
});

describe('contact points and notification policy', () => {
  const contactPoints = readYaml<{ apiVersion: number; contactPoints: Array<{ name: string; receivers: Array<{ uid: string; type: string; settings: Record<string, unknown> }> }> }>(
    join(GRAFANA_DIR, 'alerting/contact-points.yaml'),
  );
  const policies = readYaml<{ apiVersion: number; policies: Array<{ receiver: string; routes: Array<{ receiver: string; object_matchers: string[][] }> }> }>(
    join(GRAFANA_DIR, 'alerting/notification-policies.yaml'),
  );

  it('take every address from the environment', () => {
    expect(contactPoints.apiVersion).toBe(1);
    const receivers = contactPoints.contactPoints.flatMap((c) => c.receivers);
    expect(new Set(receivers.map((r) => r.uid)).size).toBe(receivers.length);
    for (const r of receivers) {
      const address = r.type === 'email' ? r.settings.addresses : r.settings.url;
      expect({ uid: r.uid, address }).toEqual({ uid: r.uid, address: expect.stringMatching(/^\$[A-Z_]+$/) });
    }
  });

  it('route each severity to a contact point that exists', () => {
    expect(policies.apiVersion).toBe(1);
    const names = new Set(contactPoints.contactPoints.map((c) => c.name));
    const root = policies.policies[0]!;
    expect(names.has(root.receiver)).toBe(true);
    const bySeverity = new Map(root.routes.map((r) => [r.object_matchers[0]?.[2], r]));
    for (const severity of SEVERITIES) {
      const route = bySeverity.get(severity);
      expect(route?.object_matchers).toEqual([['severity', '=', severity]]);
      expect(names.has(route!.receiver)).toBe(true);
    }
  });

  it('every alerting and datasource file is apiVersion 1', () => {
    for (const dir of ['alerting', 'datasources', 'dashboards']) {
      for (const f of yamlFiles(join(GRAFANA_DIR, dir))) expect({ f, v: readYaml<{ apiVersion: number }>(f).apiVersion }).toEqual({ f, v: 1 });
    }
  });

  it('the dashboard provider reads the folder the JSON files are in (as mounted in the container)', () => {
    const provider = readYaml<{ providers: Array<{ options: { path: string } }> }>(join(GRAFANA_DIR, 'dashboards/sensorplus.yaml')).providers[0]!;
    expect(provider.options.path).toBe('/etc/grafana/provisioning/dashboards/sensorplus');
  });
});
