import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { INFLUXDB, MYSQL } from '../datasources.js';
import { influxQl, sql } from '../queries.js';
import { DASHBOARD_UIDS, finalise, LIVE_REFRESH, newDashboard, queryVariable } from './common.js';
import { row, stateTimelinePanel, statPanel, tablePanel, timeSeriesPanel, valueTexts } from './panels.js';

/**
 * A production machine: its status, speed, temperature and shift counters now and over time from
 * InfluxDB (measurement `production_machine`, tags site/machine, bridge/profiles/production-machine.yaml),
 * and production, defects and defect rate per shift and local day from the archive's views
 * shift_production and daily_production.
 */

const WHERE = `"site" =~ /^$site$/ AND "machine" =~ /^$machine$/`;
const FROM_MACHINE = `FROM "production_machine" WHERE ${WHERE} AND $timeFilter`;
const MACHINE_SQL = `site = '$site' AND machine_id = '$machine'`;

/**
 * The machine's counters count from 0 at every shift change, so their last values are the current
 * shift's: the defect rate is their ratio (no row until the shift has produced something).
 */
export function currentShiftDefectRate(where: string, groupBy: string, minPieces: number): string {
  return `SELECT "defects" / "production" AS "defect_rate" FROM (SELECT last("cumulative_defects") AS "defects", last("cumulative_production") AS "production" FROM "production_machine" WHERE ${where} GROUP BY ${groupBy}) WHERE "production" >= ${minPieces} GROUP BY ${groupBy}`;
}

const STATUS = valueTexts([
  ['running', 'Running', 'green'],
  ['idle', 'Idle', 'yellow'],
  ['stopped', 'Stopped', 'orange'],
  ['fault', 'Fault', 'red'],
]);

function nowPanels() {
  const stat = (title: string, description: string, query: string, extra: { unit?: string; decimals?: number } = {}) =>
    statPanel({ title, description, datasource: INFLUXDB, targets: [influxQl('A', query)], span: 4, height: 5, decimals: 0, ...extra });
  return [
    statPanel({
      title: 'Status',
      description: 'What the machine last reported: running, idle, stopped or fault.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("status") AS "status" ${FROM_MACHINE}`)],
      mappings: STATUS,
      fields: '/status$/',
      span: 4,
      height: 5,
    }),
    stat('Shift', "The shift's number within the day, as the machine reports it.", `SELECT last("shift") AS "shift" ${FROM_MACHINE}`),
    stat('Produced this shift', 'Pieces since the start of the current shift (the counter resets at every shift change).', `SELECT last("cumulative_production") AS "pieces" ${FROM_MACHINE}`),
    stat('Defects this shift', 'Defective pieces since the start of the current shift.', `SELECT last("cumulative_defects") AS "defects" ${FROM_MACHINE}`),
    stat('Defect rate this shift', 'Defective pieces per piece produced in the current shift.', currentShiftDefectRate(`${WHERE} AND $timeFilter`, '"site", "machine"', 1), {
      unit: 'percentunit',
      decimals: 2,
    }),
    stat('Speed', 'Last cylinder speed.', `SELECT last("speed_rpm") AS "speed" ${FROM_MACHINE}`, { unit: 'rotrpm' }),
  ];
}

function historyPanels() {
  return [
    stateTimelinePanel({
      title: 'Status over time',
      description: 'Running, idle, stopped or fault, as reported.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("status") AS "status" ${FROM_MACHINE} GROUP BY time($__interval) fill(none)`)],
      mappings: STATUS,
      span: 24,
      height: 5,
    }),
    timeSeriesPanel({
      title: 'Shift counters',
      description: 'Pieces produced and defective pieces as the machine counts them: from 0 at every shift change.',
      datasource: INFLUXDB,
      targets: [
        influxQl('A', `SELECT last("cumulative_production") AS "produced", last("cumulative_defects") AS "defects" ${FROM_MACHINE} GROUP BY time($__interval) fill(none)`),
      ],
      unit: 'short',
      decimals: 0,
      min: 0,
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Speed and temperature',
      description: 'Mean cylinder speed (rpm) and dryer temperature (°C) over each interval.',
      datasource: INFLUXDB,
      targets: [
        influxQl('A', `SELECT mean("speed_rpm") AS "speed (rpm)", mean("temperature_c") AS "temperature (°C)" ${FROM_MACHINE} GROUP BY time($__interval) fill(null)`),
      ],
      decimals: 1,
      span: 12,
      height: 8,
    }),
  ];
}

function shiftPanels() {
  return [
    timeSeriesPanel({
      title: 'Production and defects per shift',
      description: 'Pieces produced and defective pieces of each shift (view shift_production), at the shift\'s start.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT shift_start AS time, production, defects
FROM shift_production
WHERE ${MACHINE_SQL} AND $__timeFilter(shift_start)
ORDER BY shift_start`,
          'time_series',
        ),
      ],
      unit: 'short',
      decimals: 0,
      bars: true,
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Defect rate per shift',
      description: 'Defective pieces per piece produced, per shift.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT shift_start AS time, defect_rate
FROM shift_production
WHERE ${MACHINE_SQL} AND $__timeFilter(shift_start)
ORDER BY shift_start`,
          'time_series',
        ),
      ],
      unit: 'percentunit',
      decimals: 2,
      bars: true,
      min: 0,
      span: 12,
      height: 8,
    }),
    tablePanel({
      title: 'Shifts',
      description: 'One row per shift: its local date and number, start and end (UTC), production, defects and defect rate; final once it can no longer change.',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT date, shift, shift_start, shift_end, production, defects, ROUND(100 * defect_rate, 2) AS defect_rate_pct, is_final AS final
FROM shift_production
WHERE ${MACHINE_SQL} AND $__timeFilter(shift_start)
ORDER BY shift_start DESC`,
        ),
      ],
      span: 12,
      height: 8,
    }),
    tablePanel({
      title: 'Per local day',
      description: "The machine's totals per local day of the site (view daily_production).",
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT date, production, defects, ROUND(100 * defect_rate, 2) AS defect_rate_pct, is_final AS final
FROM daily_production
WHERE ${MACHINE_SQL} AND date >= DATE($__timeFrom())
ORDER BY date DESC`,
        ),
      ],
      span: 12,
      height: 8,
    }),
  ];
}

function variables() {
  return [
    queryVariable({ name: 'site', label: 'Site', datasource: INFLUXDB, query: 'SHOW TAG VALUES FROM "production_machine" WITH KEY = "site"', current: 'default' }),
    queryVariable({
      name: 'machine',
      label: 'Machine',
      datasource: INFLUXDB,
      query: 'SHOW TAG VALUES FROM "production_machine" WITH KEY = "machine" WHERE "site" =~ /^$site$/',
      current: 'machine',
    }),
  ];
}

export function production(): dashboard.Dashboard {
  let builder = newDashboard({
    uid: DASHBOARD_UIDS.production,
    title: 'SensorPlus · Production',
    description: 'A production machine: status, speed and shift counters now and over time; production, defects and defect rate per shift and day.',
    tags: ['production'],
    from: 'now-24h',
    refresh: LIVE_REFRESH,
  });
  for (const variable of variables()) builder = builder.withVariable(variable);
  const rows: Array<[string, Array<cog.Builder<dashboard.Panel>>]> = [
    ['Now', nowPanels()],
    ['Over time', historyPanels()],
    ['Per shift', shiftPanels()],
  ];
  for (const [title, panels] of rows) {
    builder = builder.withRow(row(title));
    for (const panel of panels) builder = builder.withPanel(panel);
  }
  return finalise(builder.build());
}
