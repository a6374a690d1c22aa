import { ALL_KINDS_REGEX } from '../datasources.js';
import { TIER_SECONDS } from '../dashboards/archive.js';
import { currentShiftDefectRate } from '../dashboards/production.js';
import { dayPeriodsAt } from '../dashboards/smart-plug.js';
import { STATUS_LOOKBACK } from '../dashboards/solar-tracker.js';
import {
  influxQuery,
  promQuery,
  reduce,
  sqlQuery,
  threshold,
  type AlertQuery,
  type AlertRule,
  type AlertRuleGroup,
  type AlertRulesFile,
  type Evaluator,
  type Reducer,
  type Severity,
} from './model.js';
import { BRIDGE_ALERT_GROUPS } from './bridge-alerts.js';

/** SensorPlus alert rules for Grafana unified alerting: devices and rooms (InfluxQL), the bridge (PromQL, defined in bridge-alerts.ts), the archive (SQL). */

export const ALERT_FOLDER = 'SensorPlus';

interface RuleSpec {
  uid: string;
  title: string;
  severity: Severity;
  /** The query whose series become alert instances (one per device, room or bridge instance). */
  query: AlertQuery;
  reducer: Reducer;
  evaluator: Evaluator;
  for: string;
  noDataState: AlertRule['noDataState'];
  summary: string;
  description: string;
  runbook: string;
}

/** A → reduce (B) → threshold (C): the shape Grafana's rule editor produces. */
function rule(spec: RuleSpec): AlertRule {
  return {
    uid: spec.uid,
    title: spec.title,
    condition: 'C',
    data: [spec.query, reduce('B', spec.query.refId, spec.reducer), threshold('C', 'B', spec.evaluator)],
    noDataState: spec.noDataState,
    execErrState: 'Error',
    for: spec.for,
    annotations: { summary: spec.summary, description: spec.description, runbook: spec.runbook },
    labels: { severity: spec.severity },
    isPaused: false,
  };
}

const WHERE = '{{ $labels.device }}{{ if $labels.room }} in {{ $labels.room }}{{ end }} (site {{ $labels.site }})';
/** The value of an alert instance in annotation templates: the output of the reduce step B. */
const REDUCED_VALUE = '$values.B.Value';
const VALUE = `{{ humanize ${REDUCED_VALUE} }}`;

/** Minutes of silence after which a device counts as offline. */
export const OFFLINE_AFTER_MINUTES = 10;

function deviceRules(): AlertRule[] {
  return [
    rule({
      uid: 'sensorplus-device-offline',
      title: 'Device offline',
      severity: 'warning',
      // Readings per minute, averaged over the last 10 one-minute buckets; fill(0) keeps a series for
      // every device seen in the last 6 h, so a silent device shows 0 instead of disappearing.
      query: influxQuery(
        'A',
        `SELECT moving_average(count("quality"), ${OFFLINE_AFTER_MINUTES}) AS "per_minute" FROM ${ALL_KINDS_REGEX} WHERE $timeFilter GROUP BY time(1m), "site", "room", "device" fill(0)`,
        6 * 3600,
      ),
      reducer: 'last',
      evaluator: { type: 'lt', params: [0.05] },
      for: '1m',
      noDataState: 'NoData',
      summary: `${WHERE} sent nothing for ${OFFLINE_AFTER_MINUTES} minutes`,
      description: `No reading from {{ $labels.device }} reached InfluxDB in the last ${OFFLINE_AFTER_MINUTES} minutes (it reported within the last 6 hours).`,
      runbook:
        'Check the device (power, network) and its broker account. If many devices are offline at once, check the broker and the bridge (Bridge health dashboard, alert "Bridge down"). GET /api/rejections on the bridge shows whether its messages are being refused.',
    }),
    rule({
      uid: 'sensorplus-co2-high',
      title: 'CO₂ above 1,500 ppm',
      severity: 'warning',
      query: influxQuery('A', 'SELECT mean("value") FROM "co2" WHERE $timeFilter GROUP BY "site", "room", "device"', 300),
      reducer: 'last',
      evaluator: { type: 'gt', params: [1500] },
      for: '10m',
      noDataState: 'OK',
      summary: `CO₂ in {{ $labels.room }} is ${VALUE} ppm`,
      description: `The 5-minute mean CO₂ of ${WHERE} has been above 1,500 ppm for 10 minutes.`,
      runbook: 'Ventilate the room (open windows, raise the ventilation rate) or reduce occupancy. If the value is implausible, check the sensor.',
    }),
    rule({
      uid: 'sensorplus-temperature-comfort',
      title: 'Temperature outside comfort range',
      severity: 'warning',
      query: influxQuery('A', 'SELECT mean("value") FROM "temperature" WHERE $timeFilter GROUP BY "site", "room", "device"', 900),
      reducer: 'last',
      evaluator: { type: 'outside_range', params: [18, 26] },
      for: '30m',
      noDataState: 'OK',
      summary: `Temperature in {{ $labels.room }} is ${VALUE} °C`,
      description: `The 15-minute mean temperature of ${WHERE} has been outside 18–26 °C for 30 minutes.`,
      runbook: 'Check heating, cooling and shading of the room, and windows left open. Compare with neighbouring rooms on the Building overview.',
    }),
    rule({
      uid: 'sensorplus-humidity-range',
      title: 'Humidity outside 30–60 %',
      severity: 'info',
      query: influxQuery('A', 'SELECT mean("value") FROM "humidity" WHERE $timeFilter GROUP BY "site", "room", "device"', 1800),
      reducer: 'last',
      evaluator: { type: 'outside_range', params: [30, 60] },
      for: '2h',
      noDataState: 'OK',
      summary: `Humidity in {{ $labels.room }} is ${VALUE} %`,
      description: `The 30-minute mean relative humidity of ${WHERE} has been outside 30–60 % for 2 hours.`,
      runbook: 'Below 30 %: humidify or reduce heating. Above 60 %: ventilate or dehumidify; look for leaks and mould risk.',
    }),
  ];
}

/** The bridge alerts Grafana evaluates, from their one definition. */
function bridgeRules(): AlertRule[] {
  return BRIDGE_ALERT_GROUPS.flatMap((group) => group.alerts).flatMap((alert) =>
    alert.grafana
      ? [
          rule({
            uid: alert.grafana.uid,
            title: alert.grafana.title,
            severity: alert.severity,
            query: promQuery('A', alert.query),
            reducer: 'last',
            evaluator: 'above' in alert.condition ? { type: 'gt', params: [alert.condition.above] } : { type: 'lt', params: [alert.condition.below] },
            for: alert.for,
            noDataState: alert.grafana.noDataState,
            summary: alert.summary(REDUCED_VALUE),
            description: alert.description,
            runbook: alert.runbook,
          }),
        ]
      : [],
  );
}

/** Seconds a tier may trail beyond its own window length before the archive counts as behind. */
export const ARCHIVE_BEHIND_SECONDS = 1800;

function archiveRules(): AlertRule[] {
  return [
    rule({
      uid: 'sensorplus-archive-lagging',
      title: 'Archive watermark lagging',
      severity: 'warning',
      // Read from MySQL itself, so it also fires while the bridge is down.
      query: sqlQuery('A', `SELECT tier, TIMESTAMPDIFF(SECOND, final_until, UTC_TIMESTAMP()) - ${TIER_SECONDS} AS behind_seconds FROM archive_watermark`),
      reducer: 'last',
      evaluator: { type: 'gt', params: [ARCHIVE_BEHIND_SECONDS] },
      for: '15m',
      noDataState: 'OK',
      summary: 'The {{ $labels.tier }} archive tier is {{ humanizeDuration $values.B.Value }} behind',
      description:
        'The final part of the {{ $labels.tier }} tier trails the clock by more than its window length plus 30 minutes: windows are not being finalised. Nothing is lost (InfluxDB keeps the raw data), but the archive and its reports are late.',
      runbook:
        'Check GET /ready and the log of the bridge (archive runs log their failures), and MySQL (docker compose ps mysql; docker compose logs mysql). Once MySQL answers, the archive catches up from InfluxDB by itself, as long as InfluxDB still holds the data (its retention, INFLUX_RETENTION).',
    }),
  ];
}

/** Limits of the device families' rules (costs in the currency of the site's tariff). */
export const FAMILY_LIMITS = {
  highUsageW: 1000,
  peakUsageW: 500,
  highCostPerDay: 100,
  batteryLowPct: 20,
  defectRate: 0.05,
  /** Below this many pieces a shift's defect rate is noise (2 defects in the first 10 pieces). */
  defectRateMinPieces: 200,
} as const;

const PORT = 'Port {{ $labels.port }} of {{ $labels.device }} (site {{ $labels.site }})';
const TRACKER = 'Tracker {{ $labels.device }} (site {{ $labels.site }})';
const MACHINE = 'Machine {{ $labels.machine }} (site {{ $labels.site }})';

/**
 * The local time of day of an archive window's start, from the UTC end of the site's local day it
 * lies in (archive_period): counting back from the next local midnight is exact on daylight-saving
 * days too, as long as the clock does not change between the window and midnight (changes happen
 * at night, peak hours are in the evening).
 */
const LOCAL_TIME_OF_DAY = 'SEC_TO_TIME(86400 - TIMESTAMPDIFF(SECOND, r.window_start, d.period_end))';

/** The tariff in force for a site at a UTC instant: the site's own rows, else those of `*`. */
function tariffInForce(site: string, at: string): string {
  const siteOrAll = `COALESCE((SELECT MAX(own.site) FROM archive_tariff own WHERE own.site = ${site} AND own.effective_from <= ${at}), '*')`;
  return `t.site = ${siteOrAll} AND t.effective_from = (SELECT MAX(t2.effective_from) FROM archive_tariff t2 WHERE t2.site = t.site AND t2.effective_from <= ${at})`;
}

/** As the archive prices it: a peak window may wrap past midnight (22:00–06:00), then peak_end lies before peak_start. */
const IN_PEAK_HOURS = `t.peak_start IS NOT NULL AND t.peak_end IS NOT NULL AND CASE WHEN t.peak_start <= t.peak_end
    THEN ${LOCAL_TIME_OF_DAY} >= t.peak_start AND ${LOCAL_TIME_OF_DAY} < t.peak_end
    ELSE ${LOCAL_TIME_OF_DAY} >= t.peak_start OR ${LOCAL_TIME_OF_DAY} < t.peak_end END`;

function familyRules(): AlertRule[] {
  return [
    rule({
      uid: 'sensorplus-plug-high-usage',
      title: 'HIGH_USAGE: plug port above 1,000 W',
      severity: 'warning',
      query: influxQuery('A', 'SELECT mean("power") FROM "multiplug" WHERE $timeFilter GROUP BY "site", "device", "port"', 300),
      reducer: 'last',
      evaluator: { type: 'gt', params: [FAMILY_LIMITS.highUsageW] },
      for: '5m',
      noDataState: 'OK',
      summary: `${PORT} draws ${VALUE} W`,
      description: `The 5-minute mean power of ${PORT} has been above 1,000 W for 5 minutes.`,
      runbook:
        'Find what is plugged into the port (Smart plug dashboard, Power per port). A heater or kettle may draw this briefly; a constant draw above 1 kW on a socket strip risks overheating: switch the relay off or move the load to a wall socket.',
    }),
    rule({
      uid: 'sensorplus-plug-peak-usage',
      title: 'PEAK_USAGE: plug port above 500 W in peak hours',
      severity: 'info',
      // From the archive's 5-minute windows: peak hours are in the tariff (site local time), and the
      // windows' local time comes from the site's local day in archive_period.
      query: sqlQuery(
        'A',
        `SELECT r.site, SUBSTRING_INDEX(r.device, '.port', 1) AS device, SUBSTRING_INDEX(r.device, '.port', -1) AS port, MAX(r.value_mean) AS power_w
FROM archive_rollup r
JOIN archive_period d ON d.period = 'day' AND d.site = r.site AND d.kind = r.kind AND d.device = r.device AND d.field = r.field
  AND d.period_start <= r.window_start AND r.window_start < d.period_end
JOIN archive_tariff t ON ${tariffInForce('r.site', 'r.window_start')}
WHERE r.tier = '5m' AND r.kind = 'multiplug' AND r.field = 'power' AND r.device LIKE '%.port%'
  AND r.window_start > $__timeTo() - INTERVAL 10 MINUTE AND r.window_start <= $__timeTo()
  AND ${IN_PEAK_HOURS}
GROUP BY r.site, r.device`,
      ),
      reducer: 'last',
      evaluator: { type: 'gt', params: [FAMILY_LIMITS.peakUsageW] },
      for: '5m',
      noDataState: 'OK',
      summary: `${PORT} draws ${VALUE} W in peak hours`,
      description: `A 5-minute mean power of ${PORT} above 500 W in the tariff's peak hours (site local time), when every kWh costs the peak rate.`,
      runbook:
        'Move the load out of the peak hours if it can wait (washing, charging, water heating): the Smart plug dashboard shows the port over time and what today has cost. The peak hours and rates are the tariff of the site (PUT /api/tariffs on the bridge).',
    }),
    rule({
      uid: 'sensorplus-plug-high-cost',
      title: "HIGH_COST: plug port's cost today above 100",
      severity: 'critical',
      // The site's current local day (its bounds in archive_period follow its time zone).
      query: sqlQuery(
        'A',
        `SELECT c.site, c.device_id AS device, CAST(c.port AS CHAR) AS port, COALESCE(c.currency, '') AS currency, c.cost
FROM (SELECT DISTINCT p.site, p.local_date FROM archive_period p WHERE ${dayPeriodsAt('$__timeTo()')}) today
JOIN daily_consumption c ON c.site = today.site AND c.date = today.local_date
WHERE c.cost IS NOT NULL`,
      ),
      reducer: 'last',
      evaluator: { type: 'gt', params: [FAMILY_LIMITS.highCostPerDay] },
      for: '5m',
      noDataState: 'OK',
      summary: `${PORT} has cost {{ humanize ${REDUCED_VALUE} }} {{ $labels.currency }} today`,
      description: `The energy ${PORT} used since local midnight, priced at the tariff in force at each moment (peak hours at the peak rate), costs more than 100 {{ $labels.currency }} (archive view daily_consumption; the archive updates it every ARCHIVE_INTERVAL_SECONDS).`,
      runbook:
        'Check what runs on the port (Smart plug dashboard: power per port, today per port with runtime and peak). Switch off what need not run, or move it out of the peak hours. If the cost looks wrong, check the tariff (GET /api/tariffs on the bridge) and the site\'s time zone (ARCHIVE_TIME_ZONE, ARCHIVE_SITE_TIME_ZONES).',
    }),
    rule({
      uid: 'sensorplus-tracker-battery-low',
      title: 'Solar tracker battery low',
      severity: 'warning',
      query: influxQuery('A', 'SELECT last("battery_pct") FROM "solar_tracker" WHERE $timeFilter GROUP BY "site", "device"', 600),
      reducer: 'last',
      evaluator: { type: 'lt', params: [FAMILY_LIMITS.batteryLowPct] },
      for: '10m',
      noDataState: 'OK',
      summary: `${TRACKER} battery at ${VALUE} %`,
      description: `The last battery charge ${TRACKER} reported is below 20 %, for 10 minutes. Below about 5 % the controller shuts down and the tracker stops following the sun.`,
      runbook:
        'Check the panel for shade, dirt or a loose cable (Solar tracker dashboard: measured against expected power), and whether the tracker is stuck in manual mode facing away from the sun. Recharge or replace the battery if it does not recover in the next sunny hours.',
    }),
    rule({
      uid: 'sensorplus-tracker-offline',
      title: 'Solar tracker offline',
      severity: 'warning',
      // Its last status message said offline (a clean stop, or its MQTT will when it dropped off).
      // Booleans are no alert values, so the query counts the devices whose last status is false.
      query: influxQuery(
        'A',
        `SELECT count("online") AS "offline" FROM (SELECT last("online") AS "online" FROM "device_status" WHERE "profile" = 'solar-tracker' AND $timeFilter GROUP BY "site", "device") WHERE "online" = false GROUP BY "site", "device"`,
        lookbackSeconds(STATUS_LOOKBACK),
      ),
      reducer: 'last',
      evaluator: { type: 'gt', params: [0] },
      for: '2m',
      noDataState: 'OK',
      summary: `${TRACKER} is offline`,
      description: `The last status message of ${TRACKER} (retained on its status topic) says offline: it stopped, or the broker published its MQTT will when it dropped off. Status messages older than ${STATUS_LOOKBACK} are not looked at.`,
      runbook:
        "Check the tracker's power (its battery: Solar tracker dashboard) and WiFi. It sends online again when it reconnects. GET /api/devices on the bridge shows its last status and firmware.",
    }),
    rule({
      uid: 'sensorplus-machine-defect-rate',
      title: 'Defect rate above 5 % in the current shift',
      severity: 'warning',
      // The machine's counters restart at 0 at every shift change: their last values are the current shift's.
      query: influxQuery('A', currentShiftDefectRate('$timeFilter', '"site", "machine"', FAMILY_LIMITS.defectRateMinPieces), 600),
      reducer: 'last',
      evaluator: { type: 'gt', params: [FAMILY_LIMITS.defectRate] },
      for: '10m',
      noDataState: 'OK',
      summary: `${MACHINE}: {{ humanizePercentage ${REDUCED_VALUE} }} defective in this shift`,
      description: `More than 5 % of the pieces ${MACHINE} made in the current shift are defective (after at least ${FAMILY_LIMITS.defectRateMinPieces} pieces), for 10 minutes.`,
      runbook:
        'Stop and inspect: ink viscosity, plate and anilox wear, web tension, dryer temperature (Production dashboard: speed and temperature). Compare with the previous shifts (Production → Per shift) to see whether it started with a job or material change.',
    }),
  ];
}

function lookbackSeconds(duration: string): number {
  const match = /^(\d+)d$/.exec(duration);
  if (!match) throw new Error(`lookback ${duration} is not in days`);
  return Number(match[1]) * 86_400;
}

export function alertRules(): AlertRulesFile {
  const groups: AlertRuleGroup[] = [
    { orgId: 1, name: 'sensorplus-devices', folder: ALERT_FOLDER, interval: '1m', rules: deviceRules() },
    { orgId: 1, name: 'sensorplus-bridge', folder: ALERT_FOLDER, interval: '30s', rules: bridgeRules() },
    { orgId: 1, name: 'sensorplus-archive', folder: ALERT_FOLDER, interval: '5m', rules: archiveRules() },
    { orgId: 1, name: 'sensorplus-families', folder: ALERT_FOLDER, interval: '1m', rules: familyRules() },
  ];
  return { apiVersion: 1, groups };
}
