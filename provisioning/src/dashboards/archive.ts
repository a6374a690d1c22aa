import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { MYSQL } from '../datasources.js';
import { sql } from '../queries.js';
import { DASHBOARD_UIDS, finalise, newDashboard, queryVariable } from './common.js';
import { row, statPanel, tablePanel, timeSeriesPanel } from './panels.js';

/**
 * The MySQL archive: 5-minute, hourly and daily rollups kept for years, solar energy per day and
 * month, the original system's tables, and what is final. Tables export as CSV (Inspect → Data).
 * Schema: bridge/src/archive/mysql/migrations.ts (table archive_rollup, views *_data, solar_energy_*).
 */

const NUMERIC_FIELD = `field IN ('value', 'power_w')`;
const SITE = `site = '$site'`;

/** Tier length in seconds from its label (`5m`, `1h`, `1d`), for lag relative to the window length. */
/**
 * A tier's window in seconds, from its label (`5m`). The local days, weeks, months and shifts share
 * one watermark, `calendar`, which follows the base tier's: it has no window of its own (0).
 */
export const TIER_SECONDS = `CASE WHEN tier = 'calendar' THEN 0 ELSE CAST(tier AS SIGNED) * CASE RIGHT(tier, 1) WHEN 's' THEN 1 WHEN 'm' THEN 60 WHEN 'h' THEN 3600 WHEN 'd' THEN 86400 END END`;

function rollupPanels() {
  return [
    timeSeriesPanel({
      title: 'Hourly mean by device ($kind)',
      description: 'Mean of each hour, per device, from the 1 h tier (power for the solar plant).',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT window_start AS time, device AS metric, value_mean AS value
FROM archive_rollup
WHERE tier = '1h' AND ${SITE} AND kind = '$kind' AND ${NUMERIC_FIELD} AND $__timeFilter(window_start)
ORDER BY window_start`,
          'time_series',
        ),
      ],
      span: 24,
      height: 9,
    }),
    timeSeriesPanel({
      title: '5-minute minimum, mean and maximum ($device)',
      description: 'The 5 min tier of one device: the band between minimum and maximum shows what averages hide.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT window_start AS time, value_min AS minimum, value_mean AS mean, value_max AS maximum
FROM archive_rollup
WHERE tier = '5m' AND ${SITE} AND device = '$device' AND ${NUMERIC_FIELD} AND $__timeFilter(window_start)
ORDER BY window_start`,
          'time_series',
        ),
      ],
      span: 24,
      height: 9,
    }),
    tablePanel({
      title: 'Daily summary',
      description: 'One row per device and day from the 1 d tier; "final" is 1 once the day can no longer change.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT DATE(window_start) AS day, kind, device, room, sample_count AS readings,
  ROUND(value_min, 2) AS minimum, ROUND(value_mean, 2) AS mean, ROUND(value_max, 2) AS maximum, is_final AS final
FROM archive_rollup
WHERE tier = '1d' AND ${SITE} AND ${NUMERIC_FIELD} AND $__timeFilter(window_start)
ORDER BY day DESC, kind, device`,
        ),
      ],
      span: 24,
      height: 10,
    }),
  ];
}

function solarPanels() {
  return [
    timeSeriesPanel({
      title: 'Solar energy per day',
      description: 'Energy produced each day (view solar_energy_daily); today is still open.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT CAST(day AS DATETIME) AS time, device_id AS metric, energy_kwh AS value
FROM solar_energy_daily
WHERE ${SITE} AND $__timeFilter(day)
ORDER BY day`,
          'time_series',
        ),
      ],
      unit: 'kwatth',
      decimals: 2,
      bars: true,
      span: 12,
      height: 8,
    }),
    tablePanel({
      title: 'Solar energy per month',
      description: 'Energy produced each month (view solar_energy_monthly), from the first month of the time range.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT month, device_id AS device, ROUND(energy_kwh, 2) AS energy_kwh, days, is_final AS final
FROM solar_energy_monthly
WHERE ${SITE} AND month >= DATE_FORMAT($__timeFrom(), '%Y-%m-01')
ORDER BY month DESC, device`,
        ),
      ],
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Solar power and energy per 5 minutes',
      description: 'Mean power and energy of each 5-minute window (view solar_data).',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT recorded_at AS time, power_w, energy_wh
FROM solar_data
WHERE ${SITE} AND $__timeFilter(recorded_at)
ORDER BY recorded_at`,
          'time_series',
        ),
      ],
      span: 24,
      height: 8,
    }),
  ];
}

function legacyPanels() {
  return [
    tablePanel({
      title: 'temperature_data (original table, latest 200 rows)',
      description: 'The view with the original system\'s table name and columns, over the 5 min tier.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT recorded_at, device_id, room_id, value, min_value, max_value, unit, sample_count, is_final
FROM temperature_data
WHERE ${SITE} AND $__timeFilter(recorded_at)
ORDER BY recorded_at DESC, device_id
LIMIT 200`,
        ),
      ],
      span: 24,
      height: 9,
    }),
  ];
}

function statePanels() {
  return [
    tablePanel({
      title: 'What is final',
      description: 'Per tier: every window ending at or before final_until is final. Lag beyond the window length plus the grace period means the archive is behind.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT tier, final_until, TIMESTAMPDIFF(SECOND, final_until, UTC_TIMESTAMP()) AS lag_seconds,
  TIMESTAMPDIFF(SECOND, final_until, UTC_TIMESTAMP()) - ${TIER_SECONDS} AS behind_seconds, updated_at
FROM archive_watermark
ORDER BY ${TIER_SECONDS}`,
        ),
      ],
      span: 12,
      height: 7,
    }),
    tablePanel({
      title: 'Rows per tier',
      description: 'Rows kept in each tier (retention: ARCHIVE_RETENTION), the final ones, and the oldest and newest window.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT tier, COUNT(*) AS row_count, SUM(is_final) AS final_rows, MIN(window_start) AS oldest, MAX(window_start) AS newest
FROM archive_rollup
GROUP BY tier
ORDER BY ${TIER_SECONDS}`,
        ),
      ],
      span: 8,
      height: 7,
    }),
    statPanel({
      title: 'Devices archived in range',
      description: 'Devices with at least one hourly row in the time range.',
      datasource: MYSQL,
      targets: [sql('A', `SELECT COUNT(DISTINCT device) AS devices FROM archive_rollup WHERE tier = '1h' AND ${SITE} AND $__timeFilter(window_start)`)],
      decimals: 0,
      span: 4,
      height: 7,
    }),
  ];
}

function variables() {
  return [
    queryVariable({ name: 'site', label: 'Site', datasource: MYSQL, query: `SELECT DISTINCT site FROM archive_rollup WHERE tier = '1d' ORDER BY site`, current: 'demo' }),
    queryVariable({
      name: 'kind',
      label: 'Kind',
      datasource: MYSQL,
      query: `SELECT DISTINCT kind FROM archive_rollup WHERE tier = '1d' AND site = '$site' ORDER BY kind`,
      current: 'temperature',
    }),
    queryVariable({
      name: 'device',
      label: 'Device',
      datasource: MYSQL,
      query: `SELECT DISTINCT device FROM archive_rollup WHERE tier = '1d' AND site = '$site' AND kind = '$kind' ORDER BY device`,
      current: 'temp-1',
    }),
  ];
}

export function archive(): dashboard.Dashboard {
  let builder = newDashboard({
    uid: DASHBOARD_UIDS.archive,
    title: 'SensorPlus · Archive',
    description: 'Rollups from the MySQL archive (5 min, 1 h, 1 d), solar energy per day and month, the original tables and the archive state.',
    tags: ['archive'],
    from: 'now-7d',
    refresh: '5m',
  });
  for (const variable of variables()) builder = builder.withVariable(variable);
  const rows: Array<[string, Array<cog.Builder<dashboard.Panel>>]> = [
    ['Rollups', rollupPanels()],
    ['Solar energy', solarPanels()],
    ['Original tables', legacyPanels()],
    ['Archive state', statePanels()],
  ];
  for (const [title, panels] of rows) {
    builder = builder.withRow(row(title));
    for (const panel of panels) builder = builder.withPanel(panel);
  }
  return finalise(builder.build());
}
