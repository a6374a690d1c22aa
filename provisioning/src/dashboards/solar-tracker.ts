import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { INFLUXDB, MYSQL } from '../datasources.js';
import { influxQl, sql } from '../queries.js';
import { DASHBOARD_UIDS, finalise, LIVE_REFRESH, newDashboard, queryVariable } from './common.js';
import { row, stateTimelinePanel, statPanel, tablePanel, timeSeriesPanel, valueTexts } from './panels.js';

/**
 * One dual-axis solar tracker: its status, battery and power now, how it follows the sun (servo
 * angles, light-sensor balance, the switches manual and steady), power and battery over time, and
 * its 5-minute history from the archive. Measurement `solar_tracker` (bridge/profiles/solar-tracker.yaml),
 * status from the retained status topic as `device_status` points (tag profile = solar-tracker).
 */

const WHERE = `"site" =~ /^$site$/ AND "device" =~ /^$device$/`;
const FROM_TRACKER = `FROM "solar_tracker" WHERE ${WHERE} AND $timeFilter`;
/** A status point is written when the bridge receives the retained message, so it may be weeks old. */
const FROM_STATUS = `FROM "device_status" WHERE "profile" = 'solar-tracker' AND ${WHERE} AND $timeFilter`;
export const STATUS_LOOKBACK = '30d';

const ONLINE = valueTexts([
  ['true', 'Online', 'green'],
  ['false', 'Offline', 'red'],
]);
const MODE = valueTexts([
  ['true', 'Manual', 'orange'],
  ['false', 'Automatic', 'green'],
]);
/** One mapping serves both switches of a timeline (mappings apply to every field of a panel). */
const SWITCH = valueTexts([
  ['true', 'On', 'orange'],
  ['false', 'Off', 'green'],
]);

function nowPanels() {
  return [
    statPanel({
      title: 'Status',
      description: `What the tracker last said on its retained status topic (online at start, offline on a clean stop or as its MQTT will), within the last ${STATUS_LOOKBACK}.`,
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("online") AS "online" ${FROM_STATUS}`)],
      mappings: ONLINE,
      fields: '/online$/',
      timeFrom: STATUS_LOOKBACK,
      span: 4,
      height: 5,
    }),
    statPanel({
      title: 'Battery',
      description: 'Last battery charge.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("battery_pct") AS "battery" ${FROM_TRACKER}`)],
      unit: 'percent',
      decimals: 0,
      min: 0,
      max: 100,
      steps: [
        { value: null, color: 'red' },
        { value: 20, color: 'orange' },
        { value: 40, color: 'green' },
      ],
      span: 4,
      height: 5,
    }),
    statPanel({
      title: 'Battery voltage',
      description: 'Last battery voltage (a 3S pack: about 9.9 V empty to 12.6 V full, higher while charging).',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("battery_v") AS "voltage" ${FROM_TRACKER}`)],
      unit: 'volt',
      decimals: 2,
      span: 4,
      height: 5,
    }),
    statPanel({
      title: 'Power now',
      description: 'Last measured power of the panel.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("power_actual_w") AS "power" ${FROM_TRACKER}`)],
      unit: 'watt',
      decimals: 1,
      span: 4,
      height: 5,
    }),
    statPanel({
      title: 'Energy today',
      description: 'Energy produced since midnight (dashboard time zone): the integral of the measured power.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT integral("power_actual_w", 1h) AS "energy" ${FROM_TRACKER}`)],
      unit: 'watth',
      decimals: 1,
      timeFrom: 'now/d',
      span: 4,
      height: 5,
    }),
    statPanel({
      title: 'Mode',
      description: 'Manual: the owner steers the servos and the tracker holds still; automatic: it follows the light.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("manual") AS "manual" ${FROM_TRACKER}`)],
      mappings: MODE,
      fields: '/manual$/',
      span: 4,
      height: 5,
    }),
  ];
}

function trackingPanels() {
  return [
    timeSeriesPanel({
      title: 'Servo angles',
      description: 'Tilt and pan as the panel\'s motion sensor reads them, and the pan angle the firmware steers to.',
      datasource: INFLUXDB,
      targets: [
        influxQl('A', `SELECT mean("tilt_angle") AS "tilt", mean("pan_angle") AS "pan", mean("pan_target") AS "pan target" ${FROM_TRACKER} GROUP BY time($__interval) fill(null)`),
      ],
      unit: 'degree',
      decimals: 1,
      min: 0,
      max: 180,
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Light sensor balance',
      description: 'The three light sensors and their average (12-bit ADC counts): equal readings mean the panel faces the light.',
      datasource: INFLUXDB,
      targets: [
        influxQl('A', `SELECT mean("top") AS "top", mean("left") AS "left", mean("right") AS "right", mean("avg") AS "average" ${FROM_TRACKER} GROUP BY time($__interval) fill(null)`),
      ],
      unit: 'short',
      decimals: 0,
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Tracking error',
      description: 'Horizontal (left − right) and vertical (top − mean of left and right) error in ADC counts; within ±50 the firmware counts as aligned.',
      datasource: INFLUXDB,
      targets: [
        influxQl('A', `SELECT mean("horizontal_error") AS "horizontal", mean("vertical_error") AS "vertical" ${FROM_TRACKER} GROUP BY time($__interval) fill(null)`),
      ],
      unit: 'short',
      decimals: 0,
      span: 12,
      height: 8,
    }),
    stateTimelinePanel({
      title: 'Switches: manual and steady',
      description: 'Manual: the owner steers (the servos hold still). Steady: the servos are at their target and the sensors balanced. On or off, as reported.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("manual") AS "manual", last("steady") AS "steady" ${FROM_TRACKER} GROUP BY time($__interval) fill(none)`)],
      mappings: SWITCH,
      span: 12,
      height: 8,
    }),
  ];
}

function powerPanels() {
  return [
    timeSeriesPanel({
      title: 'Power: expected and measured',
      description: 'What the firmware expects from its light sensors (power_w) and what the panel delivers (power_actual_w).',
      datasource: INFLUXDB,
      targets: [
        influxQl('A', `SELECT mean("power_w") AS "expected", mean("power_actual_w") AS "measured" ${FROM_TRACKER} GROUP BY time($__interval) fill(null)`),
      ],
      unit: 'watt',
      decimals: 1,
      min: 0,
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Energy per hour',
      description: 'Energy produced in each hour (integral of the measured power).',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT integral("power_actual_w", 1h) AS "energy" ${FROM_TRACKER} GROUP BY time(1h) fill(0)`)],
      unit: 'watth',
      decimals: 1,
      bars: true,
      span: 12,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Battery charge',
      description: 'Battery charge over time; it falls at night (the controller draws about 1.2 W) and refills in the sun.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT mean("battery_pct") AS "charge" ${FROM_TRACKER} GROUP BY time($__interval) fill(null)`)],
      unit: 'percent',
      decimals: 0,
      min: 0,
      max: 100,
      span: 8,
      height: 8,
    }),
    timeSeriesPanel({
      title: 'Battery voltage',
      description: 'Battery voltage over time.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT mean("battery_v") AS "voltage" ${FROM_TRACKER} GROUP BY time($__interval) fill(null)`)],
      unit: 'volt',
      decimals: 2,
      span: 8,
      height: 8,
    }),
    stateTimelinePanel({
      title: 'Status history',
      description: 'Each status message the tracker sent (its retained status is received again whenever the bridge reconnects).',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("online") AS "status" ${FROM_STATUS} GROUP BY time($__interval) fill(none)`)],
      mappings: ONLINE,
      span: 8,
      height: 8,
    }),
  ];
}

function archivePanels() {
  return [
    tablePanel({
      title: 'tracker_telemetry (5-minute archive, latest 200 rows)',
      description: 'The archive\'s view for the tracker\'s reports: mean and maximum power, energy, battery, temperature and angles per 5 minutes (Inspect → Data exports it as CSV).',
      datasource: MYSQL,
      targets: [
        sql(
          'A',
          `SELECT recorded_at, ROUND(power_w, 2) AS power_w, ROUND(max_power_w, 2) AS max_power_w, ROUND(energy_wh, 3) AS energy_wh,
  ROUND(battery_pct, 1) AS battery_pct, ROUND(battery_v, 2) AS battery_v, ROUND(temp_c, 1) AS temp_c,
  ROUND(tilt_angle, 1) AS tilt_angle, ROUND(pan_angle, 1) AS pan_angle, ROUND(efficiency, 1) AS efficiency, sample_count, is_final
FROM tracker_telemetry
WHERE site = '$site' AND device_id = '$device' AND $__timeFilter(recorded_at)
ORDER BY recorded_at DESC
LIMIT 200`,
        ),
      ],
      span: 24,
      height: 9,
    }),
  ];
}

function variables() {
  return [
    queryVariable({ name: 'site', label: 'Site', datasource: INFLUXDB, query: 'SHOW TAG VALUES FROM "solar_tracker" WITH KEY = "site"', current: 'default' }),
    queryVariable({
      name: 'device',
      label: 'Tracker',
      datasource: INFLUXDB,
      query: 'SHOW TAG VALUES FROM "solar_tracker" WITH KEY = "device" WHERE "site" =~ /^$site$/',
      current: 'tracker-1',
    }),
  ];
}

export function solarTracker(): dashboard.Dashboard {
  let builder = newDashboard({
    uid: DASHBOARD_UIDS.tracker,
    title: 'SensorPlus · Solar tracker',
    description: 'A dual-axis solar tracker: status, battery, power and energy, servo angles, light-sensor balance and switches.',
    tags: ['solar-tracker'],
    from: 'now-6h',
    refresh: LIVE_REFRESH,
  });
  for (const variable of variables()) builder = builder.withVariable(variable);
  const rows: Array<[string, Array<cog.Builder<dashboard.Panel>>]> = [
    ['Now', nowPanels()],
    ['Tracking', trackingPanels()],
    ['Power and battery', powerPanels()],
    ['Archive', archivePanels()],
  ];
  for (const [title, panels] of rows) {
    builder = builder.withRow(row(title));
    for (const panel of panels) builder = builder.withPanel(panel);
  }
  return finalise(builder.build());
}
