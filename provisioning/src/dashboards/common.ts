import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { DatasourceRef } from '../datasources.js';

/** Dashboard-level pieces every SensorPlus dashboard shares. */

export const DASHBOARD_UIDS = {
  building: 'sensorplus-building',
  device: 'sensorplus-device',
  bridge: 'sensorplus-bridge',
  archive: 'sensorplus-archive',
} as const;

export const TAG = 'sensorplus';

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
        .targetBlank(false)
        .placement(dashboard.DashboardLinkPlacement.Inline),
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
    .tooltip(title)
    .placement(dashboard.DashboardLinkPlacement.Inline);
}

/**
 * Gives every panel (rows included) a stable, unique id in reading order: Grafana needs ids for
 * panel links, alert rule annotations and "view panel" URLs.
 */
export function finalise(built: dashboard.Dashboard): dashboard.Dashboard {
  let id = 0;
  for (const panel of built.panels ?? []) {
    panel.id = ++id;
    if (panel.type === 'row') for (const inner of panel.panels ?? []) inner.id = ++id;
  }
  return built;
}
