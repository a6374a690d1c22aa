import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { INFLUXDB, MYSQL } from '../datasources.js';
import { influxQl, sql } from '../queries.js';
import { DASHBOARD_UIDS, finalise, LIVE_REFRESH, newDashboard, queryVariable } from './common.js';
import { row, stateTimelinePanel, statPanel, tablePanel, timeSeriesPanel, valueTexts } from './panels.js';

/**
 * A 4-port smart multiplug: live power, relays, voltage and current per port from InfluxDB
 * (measurement `multiplug`, tags site/device/port, bridge/profiles/multiplug.yaml); energy, cost,
 * runtime and peak per port and local day or month from the archive's views daily_consumption and
 * monthly_consumption.
 */

const WHERE = `"site" =~ /^$site$/ AND "device" =~ /^$device$/`;
const FROM_PLUG = `FROM "multiplug" WHERE ${WHERE} AND $timeFilter`;
const PLUG_SQL = `site = '$site' AND device_id = '$device'`;

/**
 * The day periods of the archive holding a UTC instant: their local_date is the site's date then
 * (their UTC bounds follow the site's time zone, daylight-saving days included), with no time zone
 * tables needed. A local date lies within a day of the UTC date, which lets the date index narrow it.
 */
export function dayPeriodsAt(at: string): string {
  return `p.period = 'day' AND p.local_date BETWEEN DATE(${at}) - INTERVAL 1 DAY AND DATE(${at}) + INTERVAL 1 DAY AND p.period_start <= ${at} AND p.period_end > ${at}`;
}

/** The site's local date at a UTC instant (every device of a site shares its days). */
export function localDateAt(site: string, at: string): string {
  return `(SELECT p.local_date FROM archive_period p WHERE ${dayPeriodsAt(at)} AND p.site = ${site} LIMIT 1)`;
}

/** Today at the end of the dashboard's range (now, as it opens). */
const TODAY = localDateAt(`'$site'`, '$__timeTo()');

const RELAY = valueTexts([
  ['true', 'On', 'green'],
  ['false', 'Off', 'text'],
]);

function livePanels() {
  return [
    statPanel({
      title: 'Power per port now',
      description: 'Last power reading of each port.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("power") AS "power" ${FROM_PLUG} GROUP BY "port"`, { alias: 'Port $tag_port' })],
      unit: 'watt',
      decimals: 1,
      steps: [
        { value: null, color: 'green' },
        { value: 500, color: 'orange' },
        { value: 1000, color: 'red' },
      ],
      span: 12,
      height: 5,
    }),
    stateTimelinePanel({
      title: 'Relays',
      description: 'Relay of each port as reported (relay_state ON / OFF).',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("relay_on") AS "relay" ${FROM_PLUG} GROUP BY time($__interval), "port" fill(none)`, { alias: 'Port $tag_port' })],
      mappings: RELAY,
      span: 12,
      height: 5,
    }),
    timeSeriesPanel({
      title: 'Power per port',
      description: 'Mean power of each port over each interval.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT mean("power") ${FROM_PLUG} GROUP BY time($__interval), "port" fill(null)`, { alias: 'Port $tag_port' })],
      unit: 'watt',
      decimals: 0,
      min: 0,
      span: 24,
      height: 9,
    }),
    timeSeriesPanel({
      title: 'Voltage',
      description: 'Mains voltage the plug measures (the same for its four ports).',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT mean("voltage") AS "voltage" ${FROM_PLUG} GROUP BY time($__interval) fill(null)`)],
      unit: 'volt',
      decimals: 1,
      span: 12,
      height: 7,
    }),
    timeSeriesPanel({
      title: 'Current per port',
      description: 'Mean current of each port over each interval.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT mean("current") ${FROM_PLUG} GROUP BY time($__interval), "port" fill(null)`, { alias: 'Port $tag_port' })],
      unit: 'amp',
      decimals: 2,
      min: 0,
      span: 12,
      height: 7,
    }),
  ];
}

function costPanels() {
  return [
    tablePanel({
      title: 'Today per port',
      description: "The site's current local day so far (view daily_consumption): energy, cost at the tariff in force at each moment, runtime above the standby threshold, and the peak.",
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT port, ROUND(energy_kwh, 3) AS energy_kwh, ROUND(cost, 2) AS cost, currency, ROUND(runtime_minutes) AS runtime_minutes,
  ROUND(peak_usage, 1) AS peak_usage_w, peak_at
FROM daily_consumption
WHERE ${PLUG_SQL} AND date = ${TODAY}
ORDER BY port`,
        ),
      ],
      span: 12,
      height: 7,
    }),
    tablePanel({
      title: 'This month per port',
      description: "The site's current local month so far (view monthly_consumption).",
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT port, ROUND(energy_kwh, 3) AS energy_kwh, ROUND(cost, 2) AS cost, currency, ROUND(runtime_minutes) AS runtime_minutes,
  ROUND(peak_usage, 1) AS peak_usage_w
FROM monthly_consumption
WHERE ${PLUG_SQL} AND year = YEAR(${TODAY}) AND month = MONTH(${TODAY})
ORDER BY port`,
        ),
      ],
      span: 12,
      height: 7,
    }),
    perLocalDayPanel('Energy per local day', 'Energy of each port per local day of the site (view daily_consumption); today is still open.', 'energy_kwh', 'kwatth'),
    perLocalDayPanel('Cost per local day', 'Cost of each port per local day, at the tariff in force at each moment.', 'cost'),
    tablePanel({
      title: 'Daily consumption',
      description: 'One row per local day and port, with the columns of the original report (Inspect → Data exports it as CSV).',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT date AS "Date", port AS "Port", ROUND(energy_kwh, 3) AS "Energy (kWh)", ROUND(cost, 2) AS "Cost", currency AS "Currency",
  ROUND(runtime_minutes) AS "Runtime (minutes)", ROUND(peak_usage, 1) AS "Peak Usage (W)", peak_at AS "Peak at", is_final AS "Final"
FROM daily_consumption
WHERE ${PLUG_SQL} AND date BETWEEN DATE($__timeFrom()) AND ${TODAY}
ORDER BY date DESC, port`,
        ),
      ],
      span: 24,
      height: 9,
    }),
  ];
}

function variables() {
  return [
    queryVariable({ name: 'site', label: 'Site', datasource: INFLUXDB, query: 'SHOW TAG VALUES FROM "multiplug" WITH KEY = "site"', current: 'default' }),
    queryVariable({
      name: 'device',
      label: 'Plug',
      datasource: INFLUXDB,
      query: 'SHOW TAG VALUES FROM "multiplug" WITH KEY = "device" WHERE "site" =~ /^$site$/',
      current: 'plug-1',
    }),
  ];
}

export function smartPlug(): dashboard.Dashboard {
  let builder = newDashboard({
    uid: DASHBOARD_UIDS.plug,
    title: 'SensorPlus · Smart plug',
    description: 'A 4-port smart multiplug: live power, relays, voltage and current per port; energy, cost and peak per local day and month.',
    tags: ['smart-plug'],
    from: 'now-24h',
    refresh: LIVE_REFRESH,
  });
  for (const variable of variables()) builder = builder.withVariable(variable);
  const rows: Array<[string, Array<cog.Builder<dashboard.Panel>>]> = [
    ['Live', livePanels()],
    ['Energy and cost', costPanels()],
  ];
  for (const [title, panels] of rows) {
    builder = builder.withRow(row(title));
    for (const panel of panels) builder = builder.withPanel(panel);
  }
  return finalise(builder.build());
}

/** One column of daily_consumption per port and local day, as stacked bars from the range's first day to today. */
function perLocalDayPanel(title: string, description: string, column: 'energy_kwh' | 'cost', unit?: string) {
  return timeSeriesPanel({
    title,
    description,
    datasource: MYSQL,
    targets: [
      sql(
        'A',
        `SELECT CAST(date AS DATETIME) AS time, CONCAT('Port ', port) AS metric, ${column} AS value
FROM daily_consumption
WHERE ${PLUG_SQL} AND date BETWEEN DATE($__timeFrom()) AND ${TODAY}
ORDER BY date, port`,
        'time_series',
      ),
    ],
    ...(unit ? { unit } : {}),
    decimals: 2,
    bars: true,
    stacked: true,
    span: 12,
    height: 8,
  });
}
