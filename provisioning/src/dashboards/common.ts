import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DatasourceRef } from '../datasources.js';

/** Dashboard-level pieces every SensorPlus dashboard shares. */

export const DASHBOARD_UIDS = {
  building: 'sensorplus-building',
  device: 'sensorplus-device',
  bridge: 'sensorplus-bridge',
  archive: 'sensorplus-archive',
  tracker: 'sensorplus-solar-tracker',
  plug: 'sensorplus-smart-plug',
  production: 'sensorplus-production',
} as const;

export const TAG = 'sensorplus';

/** Refresh of the dashboards that show the present (building, devices, bridge): what the page it replaces refreshed at. */
export const LIVE_REFRESH = '5s';

export interface DashboardSpec {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  from: string;
  refresh: string;
}

export function newDashboard(spec: DashboardSpec): dashboard.DashboardBuilder {
  return new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([TAG, ...spec.tags])
    .editable()
    .timezone('browser')
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: spec.from, to: 'now' })
    .refresh(spec.refresh)
    .link(
      new dashboard.DashboardLinkBuilder('SensorPlus')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags([TAG])
        .asDropdown(true)
        .includeVars(false)
        .keepTime(true)
        .icon('external link')
        .tooltip('Other SensorPlus dashboards')
        .url('')
        .targetBlank(false),
    );
}

export interface VariableSpec {
  name: string;
  label: string;
  datasource: DatasourceRef;
  query: string;
  includeAll?: boolean;
  multi?: boolean;
  /** Value used for "All"; without it Grafana joins every option. */
  allValue?: string;
  /** Selected when the dashboard opens, if the query offers it (else Grafana takes the first). */
  current?: string;
}

export function queryVariable(v: VariableSpec): dashboard.QueryVariableBuilder {
  let variable = new dashboard.QueryVariableBuilder(v.name)
    .label(v.label)
    .datasource(v.datasource)
    .query(v.query)
    .definition(v.query)
    .refresh(dashboard.VariableRefresh.OnDashboardLoad)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .includeAll(v.includeAll ?? false)
    .multi(v.multi ?? false)
    .allowCustomValue(false);
  if (v.allValue !== undefined) variable = variable.allValue(v.allValue);
  if (v.current !== undefined) {
    const all = v.current === '$__all';
    variable = variable.current({ text: all ? 'All' : v.current, value: v.current, selected: true });
  }
  return variable;
}

/** Link from a panel to another dashboard, carrying the time range and the variables. */
export function dashboardLink(title: string, uid: string, query = ''): dashboard.DashboardLinkBuilder {
  return new dashboard.DashboardLinkBuilder(title)
    .type(dashboard.DashboardLinkType.Link)
    .url(`/d/${uid}${query}`)
    .keepTime(true)
    .includeVars(false)
    .targetBlank(false)
    .asDropdown(false)
    .tags([])
    .icon('dashboard')
    .tooltip(title);
}

/** Grafana's built-in "Annotations & Alerts" query, which the UI adds to every new dashboard. */
const BUILT_IN_ANNOTATIONS: dashboard.AnnotationQuery = {
  builtIn: 1,
  datasource: { type: 'grafana', uid: '-- Grafana --' },
  enable: true,
  hide: true,
  iconColor: 'rgba(0, 211, 255, 1)',
  name: 'Annotations & Alerts',
  type: 'dashboard',
};

/**
 * Last touches on a built dashboard: every panel (rows included) gets a stable, unique id in
 * reading order (Grafana needs ids for panel links and "view panel" URLs); links lose the SDK's
 * default `inControlsMenu` placement so they show inline in Grafana 12 and 13 alike.
 */
export function finalise(built: dashboard.Dashboard): dashboard.Dashboard {
  let id = 0;
  for (const panel of built.panels ?? []) {
    panel.id = ++id;
    if ('panels' in panel) for (const inner of panel.panels ?? []) inner.id = ++id;
    if ('links' in panel) for (const link of panel.links ?? []) delete link.placement;
  }
  for (const link of built.links ?? []) delete link.placement;
  built.annotations = { list: [BUILT_IN_ANNOTATIONS] };
  return built;
}
