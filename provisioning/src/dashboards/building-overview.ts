import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { GRAFANA, INFLUXDB, READING_KINDS_REGEX, ROOM_KINDS } from '../datasources.js';
import { influxQl, liveChannel } from '../queries.js';
import { DASHBOARD_UIDS, dashboardLink, finalise, LIVE_REFRESH, newDashboard, queryVariable } from './common.js';
import { pluginPanel, row, statPanel, tablePanel, timeSeriesPanel } from './panels.js';

/** The building at a glance: every room and device now, temperature live, then each kind over time, then the solar plant. */

export const BUILDING_PANEL_TYPE = 'sensorplus-building-panel';

const SITE = `"site" =~ /^$site$/`;

interface KindView {
  kind: (typeof ROOM_KINDS)[number];
  title: string;
  unit: string;
  decimals: number;
}

const KIND_VIEWS: KindView[] = [
  { kind: 'temperature', title: 'Temperature by room', unit: 'celsius', decimals: 1 },
  { kind: 'humidity', title: 'Humidity by room', unit: 'percent', decimals: 0 },
  { kind: 'co2', title: 'CO₂ by room', unit: 'ppm', decimals: 0 },
  { kind: 'light', title: 'Light by room', unit: 'lux', decimals: 0 },
];

/** Last reading of every device of a kind; the panel groups them into rooms by the `room` tag. */
function lastReadings(): ReturnType<typeof influxQl>[] {
  const rooms = ROOM_KINDS.map((kind, i) =>
    influxQl(String.fromCharCode(65 + i), `SELECT last("value") AS "value" FROM "${kind}" WHERE ${SITE} AND $timeFilter GROUP BY "room", "device"`),
  );
  const solar = influxQl('E', `SELECT last("power_w") AS "power_w" FROM "solar" WHERE ${SITE} AND $timeFilter GROUP BY "device"`);
  return [...rooms, solar];
}

function buildingPanel() {
  return pluginPanel(BUILDING_PANEL_TYPE, {
    title: 'Building',
    description: 'Last reading of every device, grouped by room. Click a device or a room to open its details.',
    datasource: INFLUXDB,
    targets: lastReadings(),
    span: 24,
    height: 12,
    options: {
      roomKey: 'room',
      deviceKey: 'device',
      noRoomTitle: 'Site',
      layout: 'grid',
      sortRooms: 'name',
      // last() gives one point per device (its real timestamp, so stale devices show as stale).
      showSparkline: false,
      kindPresets: true,
      staleAfter: 60,
      offlineAfter: 300,
      deviceUrl: `/d/${DASHBOARD_UIDS.device}`,
      roomUrl: `/d/${DASHBOARD_UIDS.device}`,
      keepTime: true,
    },
  });
}

/** The readings the bridge pushes to Grafana Live: they appear as they arrive, between the 5 s refreshes. */
function liveTemperaturePanel() {
  return timeSeriesPanel({
    title: 'Temperature as it arrives (Grafana Live)',
    description:
      'Each temperature reading the moment the bridge receives it, from the Grafana Live channel stream/sensorplus/temperature (no polling). Empty unless the bridge has GRAFANA_URL and GRAFANA_TOKEN.',
    datasource: GRAFANA,
    targets: [liveChannel('A', 'temperature')],
    unit: 'celsius',
    decimals: 1,
    span: 24,
    height: 8,
  });
}

function kindPanel(view: KindView) {
  return timeSeriesPanel({
    title: view.title,
    description: `Mean ${view.kind} per room over each interval.`,
    datasource: INFLUXDB,
    targets: [
      influxQl('A', `SELECT mean("value") FROM "${view.kind}" WHERE ${SITE} AND $timeFilter GROUP BY time($__interval), "room" fill(null)`, {
        alias: '$tag_room',
      }),
    ],
    unit: view.unit,
    decimals: view.decimals,
    span: 12,
    height: 8,
  }).links([dashboardLink('Device detail', DASHBOARD_UIDS.device)]);
}

function solarPanels() {
  const fromSolar = `FROM "solar" WHERE ${SITE} AND $timeFilter`;
  return [
    timeSeriesPanel({
      title: 'Solar power',
      description: 'Mean power of the solar plant over each interval.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT mean("power_w") ${fromSolar} GROUP BY time($__interval), "device" fill(null)`, { alias: '$tag_device' })],
      unit: 'watt',
      decimals: 0,
      min: 0,
      span: 12,
      height: 8,
    }),
    statPanel({
      title: 'Solar energy in range',
      description: 'Energy produced in the selected time range: the integral of power over time (trapezoids between readings).',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT integral("power_w", 1h) AS "energy" ${fromSolar}`)],
      unit: 'watth',
      decimals: 0,
      span: 4,
      height: 8,
    }),
    statPanel({
      title: 'Solar energy today',
      description: 'Energy produced since midnight (dashboard time zone).',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT integral("power_w", 1h) AS "energy" ${fromSolar}`)],
      unit: 'watth',
      decimals: 0,
      timeFrom: 'now/d',
      span: 4,
      height: 8,
    }),
    statPanel({
      title: 'Solar voltage',
      description: 'Last voltage reported by the solar plant (0 V at night).',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT last("voltage") AS "voltage" ${fromSolar}`)],
      unit: 'volt',
      decimals: 0,
      span: 4,
      height: 8,
      sparkline: false,
    }),
    timeSeriesPanel({
      title: 'Solar energy per hour',
      description: 'Energy produced in each hour.',
      datasource: INFLUXDB,
      targets: [influxQl('A', `SELECT integral("power_w", 1h) AS "energy" ${fromSolar} GROUP BY time(1h) fill(0)`)],
      unit: 'watth',
      decimals: 0,
      bars: true,
      span: 24,
      height: 7,
    }),
  ];
}

function dataPanels() {
  return [
    timeSeriesPanel({
      title: 'Readings stored per interval',
      description: 'Points the bridge wrote to InfluxDB, by kind. A drop means devices went silent or the bridge is behind.',
      datasource: INFLUXDB,
      targets: [
        influxQl('A', `SELECT count("quality") FROM ${READING_KINDS_REGEX} WHERE ${SITE} AND $timeFilter GROUP BY time($__interval) fill(0)`, {
          alias: '$measurement',
        }),
      ],
      unit: 'short',
      decimals: 0,
      stacked: true,
      span: 12,
      height: 9,
    }),
    tablePanel({
      title: 'Devices: last reading',
      description: 'When each device last reported, and whether its last reading was flagged suspect.',
      datasource: INFLUXDB,
      targets: [
        influxQl('A', `SELECT last("quality") AS "quality" FROM ${READING_KINDS_REGEX} WHERE ${SITE} AND $timeFilter GROUP BY "room", "device"`, {
          format: 'table',
        }),
      ],
      sortBy: [{ displayName: 'Time', desc: false }],
      span: 12,
      height: 9,
    }),
  ];
}

export function buildingOverview(): dashboard.Dashboard {
  let builder = newDashboard({
    uid: DASHBOARD_UIDS.building,
    title: 'SensorPlus · Building overview',
    description: 'Every room and device of a site now, each kind over time, and the solar plant.',
    tags: ['building'],
    from: 'now-6h',
    refresh: LIVE_REFRESH,
  })
    .withVariable(queryVariable({ name: 'site', label: 'Site', datasource: INFLUXDB, query: 'SHOW TAG VALUES WITH KEY = "site"', current: 'demo' }))
    .withPanel(buildingPanel())
    .withPanel(liveTemperaturePanel())
    .withRow(row('Rooms'));
  for (const view of KIND_VIEWS) builder = builder.withPanel(kindPanel(view));
  builder = builder.withRow(row('Solar plant'));
  for (const panel of solarPanels()) builder = builder.withPanel(panel);
  builder = builder.withRow(row('Data'));
  for (const panel of dataPanels()) builder = builder.withPanel(panel);
  return finalise(builder.build());
}
