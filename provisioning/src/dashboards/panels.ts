import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import type { DatasourceRef } from '../datasources.js';

/** Panel shapes the SensorPlus dashboards share; every panel states its datasource, size and unit. */

export interface PanelLayout {
  /** Width in grid columns (24 = full width). */
  span: number;
  height: number;
}

type Targets = Array<cog.Builder<cog.Dataquery>>;

export interface CommonPanelOptions extends PanelLayout {
  title: string;
  description: string;
  datasource: DatasourceRef;
  targets: Targets;
  unit?: string;
  decimals?: number;
  noValue?: string;
  min?: number;
  max?: number;
  /** Panel time override, e.g. `now/d` (today so far). */
  timeFrom?: string;
}

function legend(placement = common.LegendPlacement.Bottom): common.VizLegendOptionsBuilder {
  return new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(common.LegendDisplayMode.List)
    .placement(placement)
    .calcs([]);
}

function tooltip(): common.VizTooltipOptionsBuilder {
  return new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi).sort(common.SortOrder.Descending);
}

/** Applies what every panel kind has in common; the builders share these methods but no base type. */
function applyCommon<
  B extends {
    title(t: string): B;
    description(d: string): B;
    datasource(d: DatasourceRef): B;
    targets(t: Targets): B;
    span(w: number): B;
    height(h: number): B;
    unit(u: string): B;
    decimals(d: number): B;
    noValue(v: string): B;
    min(v: number): B;
    max(v: number): B;
    timeFrom(v: string): B;
  },
>(builder: B, o: CommonPanelOptions): B {
  let b = builder.title(o.title).description(o.description).datasource(o.datasource).targets(o.targets).span(o.span).height(o.height);
  if (o.unit !== undefined) b = b.unit(o.unit);
  if (o.decimals !== undefined) b = b.decimals(o.decimals);
  if (o.noValue !== undefined) b = b.noValue(o.noValue);
  if (o.min !== undefined) b = b.min(o.min);
  if (o.max !== undefined) b = b.max(o.max);
  if (o.timeFrom !== undefined) b = b.timeFrom(o.timeFrom);
  return b;
}

export function timeSeriesPanel(o: CommonPanelOptions & { bars?: boolean; stacked?: boolean }): timeseries.PanelBuilder {
  let panel = applyCommon(new timeseries.PanelBuilder(), o)
    .legend(legend())
    .tooltip(tooltip())
    .lineWidth(1)
    .fillOpacity(o.bars ? 80 : 10)
    .spanNulls(false)
    .showPoints(common.VisibilityMode.Never);
  if (o.bars) panel = panel.drawStyle(common.GraphDrawStyle.Bars);
  if (o.stacked) panel = panel.stacking(new common.StackingConfigBuilder().mode(common.StackingMode.Normal));
  return panel;
}

export interface Threshold {
  value: number | null;
  color: string;
}

export function thresholds(steps: Threshold[]): dashboard.ThresholdsConfigBuilder {
  return new dashboard.ThresholdsConfigBuilder().mode(dashboard.ThresholdsMode.Absolute).steps(steps);
}

export function statPanel(
  o: CommonPanelOptions & {
    steps?: Threshold[];
    calc?: string;
    mappings?: dashboard.ValueMapping[];
    sparkline?: boolean;
    /** Regex on the field's display name: needed for a boolean or text value, since a stat shows numeric fields only by default. */
    fields?: string;
  },
): stat.PanelBuilder {
  let reduce = new common.ReduceDataOptionsBuilder().calcs([o.calc ?? 'lastNotNull']).values(false);
  if (o.fields !== undefined) reduce = reduce.fields(o.fields);
  let panel = applyCommon(new stat.PanelBuilder(), o)
    .reduceOptions(reduce)
    .graphMode(o.sparkline ? common.BigValueGraphMode.Area : common.BigValueGraphMode.None)
    .colorMode(common.BigValueColorMode.Value)
    .textMode(common.BigValueTextMode.Auto);
  if (o.steps) panel = panel.thresholds(thresholds(o.steps));
  if (o.mappings) panel = panel.mappings(o.mappings);
  return panel;
}

export function tablePanel(o: CommonPanelOptions & { sortBy?: Array<{ displayName: string; desc: boolean }> }): table.PanelBuilder {
  let panel = applyCommon(new table.PanelBuilder(), o).showHeader(true).filterable(true);
  if (o.sortBy) panel = panel.sortBy(o.sortBy.map((s) => new common.TableSortByFieldStateBuilder().displayName(s.displayName).desc(s.desc)));
  return panel;
}

/** States over time (switches, relays, a machine's status): one band per series, coloured by the mappings. */
export function stateTimelinePanel(o: CommonPanelOptions & { mappings: dashboard.ValueMapping[] }): statetimeline.PanelBuilder {
  return applyCommon(new statetimeline.PanelBuilder(), o)
    .mappings(o.mappings)
    .showValue(common.VisibilityMode.Auto)
    .mergeValues(true)
    .alignValue(common.TimelineValueAlignment.Left)
    .rowHeight(0.8)
    .fillOpacity(80)
    .lineWidth(0)
    .legend(legend())
    .tooltip(tooltip());
}

/** Text and colour per value: for booleans (keys `true`/`false`) and status words alike. */
export function valueTexts(entries: Array<[value: string, text: string, color: string]>): dashboard.ValueMapping[] {
  return [
    {
      type: dashboard.MappingType.ValueToText,
      options: Object.fromEntries(entries.map(([value, text, color], index) => [value, { text, color, index }])),
    },
  ];
}

/** A panel of a type the SDK does not know, such as our own building panel. */
export function pluginPanel(type: string, o: CommonPanelOptions & { options: Record<string, unknown> }): dashboard.PanelBuilder {
  return applyCommon(new dashboard.PanelBuilder().type(type), o).options(o.options);
}

export function row(title: string): dashboard.RowBuilder {
  return new dashboard.RowBuilder(title);
}

export const UP_DOWN: dashboard.ValueMapping[] = [
  {
    type: dashboard.MappingType.ValueToText,
    options: { '0': { text: 'Down', color: 'red', index: 0 }, '1': { text: 'Up', color: 'green', index: 1 } },
  },
];

export const OFF_ON_ALERT: dashboard.ValueMapping[] = [
  {
    type: dashboard.MappingType.ValueToText,
    options: { '0': { text: 'Off', color: 'green', index: 0 }, '1': { text: 'Active', color: 'red', index: 1 } },
  },
];
