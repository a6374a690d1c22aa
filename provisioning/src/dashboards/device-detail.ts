import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { INFLUXDB, READING_KINDS_REGEX } from '../datasources.js';
import { influxQl } from '../queries.js';
import { DASHBOARD_UIDS, dashboardLink, finalise, LIVE_REFRESH, newDashboard, queryVariable } from './common.js';
import { tablePanel, timeSeriesPanel } from './panels.js';

/**
 * One device (or several) in detail. The building panel opens it with `var-room` and `var-device`.
 * A device's kind is not known in advance, so queries read every kind's measurement and the
 * numeric field that kind has (`value`, or `power_w` for the solar plant).
 */

const DEVICE = `"device" =~ /^$device$/`;
const FIELDS = '/^(value|power_w)$/';

function readingsPanel() {
  return timeSeriesPanel({
    title: 'Readings',
    description: 'Mean value per interval (power for the solar plant).',
    datasource: INFLUXDB,
    targets: [
      influxQl('A', `SELECT mean(${FIELDS}) FROM ${READING_KINDS_REGEX} WHERE ${DEVICE} AND $timeFilter GROUP BY time($__interval), "device" fill(none)`, {
        alias: '$tag_device $col',
      }),
    ],
    span: 24,
    height: 10,
  });
}

function statisticsPanel() {
  return tablePanel({
    title: 'Statistics in range',
    description: 'Number of readings, minimum, maximum and mean of each device in the selected time range.',
    datasource: INFLUXDB,
    targets: [
      influxQl(
        'A',
        `SELECT count("quality") AS "readings", min(${FIELDS}), max(${FIELDS}), mean(${FIELDS}) FROM ${READING_KINDS_REGEX} WHERE ${DEVICE} AND $timeFilter GROUP BY "device"`,
        { format: 'table' },
      ),
    ],
    decimals: 2,
    span: 24,
    height: 6,
  });
}

function rawReadingsPanel() {
  return tablePanel({
    title: 'Latest readings',
    description: 'The last 100 readings as stored, with their quality flag (Inspect → Data exports them as CSV).',
    datasource: INFLUXDB,
    targets: [
      influxQl(
        'A',
        `SELECT "value", "power_w", "voltage", "current", "quality" FROM ${READING_KINDS_REGEX} WHERE ${DEVICE} AND $timeFilter GROUP BY "device" ORDER BY time DESC LIMIT 100`,
        { format: 'table' },
      ),
    ],
    sortBy: [{ displayName: 'Time', desc: true }],
    span: 24,
    height: 10,
  });
}

function variables() {
  return [
    queryVariable({ name: 'site', label: 'Site', datasource: INFLUXDB, query: 'SHOW TAG VALUES WITH KEY = "site"', current: 'demo' }),
    // `.*` as "All" also matches devices without a room (the solar plant).
    queryVariable({
      name: 'room',
      label: 'Room',
      datasource: INFLUXDB,
      query: 'SHOW TAG VALUES WITH KEY = "room" WHERE "site" =~ /^$site$/',
      includeAll: true,
      allValue: '.*',
      current: '$__all',
    }),
    queryVariable({
      name: 'device',
      label: 'Device',
      datasource: INFLUXDB,
      query: 'SHOW TAG VALUES WITH KEY = "device" WHERE "site" =~ /^$site$/ AND "room" =~ /^$room$/',
      includeAll: true,
      multi: true,
      current: 'temp-1',
    }),
  ];
}

export function deviceDetail(): dashboard.Dashboard {
  let builder = newDashboard({
    uid: DASHBOARD_UIDS.device,
    title: 'SensorPlus · Device detail',
    description: 'Readings of one or more devices over time, their statistics and the raw readings.',
    tags: ['device'],
    from: 'now-24h',
    refresh: LIVE_REFRESH,
  }).link(dashboardLink('Building overview', DASHBOARD_UIDS.building, '?var-site=${site}'));
  for (const variable of variables()) builder = builder.withVariable(variable);
  builder = builder.withPanel(readingsPanel()).withPanel(statisticsPanel()).withPanel(rawReadingsPanel());
  return finalise(builder.build());
}
