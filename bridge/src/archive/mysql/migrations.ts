/**
 * The archive's schema, as versioned migrations applied in order at start. Rules:
 * - never edit a released migration (its checksum is recorded); add a new one;
 * - every statement must be safe to run twice (`IF NOT EXISTS`, `CREATE OR REPLACE VIEW`), because
 *   MySQL commits DDL statement by statement: a migration cut short is simply run again;
 * - SQL that runs on both MySQL 8 and MariaDB 10.6+; no names MySQL 8 reserves (`last_value`, `window`).
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

/** Identifiers follow the pipeline's rule (ASCII letters, digits, _ . : -), so ASCII columns with binary collation: case-sensitive like InfluxDB tags, and small keys. */
const ID = 'VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin';

const CREATE_ROLLUP = `CREATE TABLE IF NOT EXISTS archive_rollup (
  tier VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'window length, e.g. 5m, 1h, 1d',
  site ${ID} NOT NULL,
  kind ${ID} NOT NULL COMMENT 'InfluxDB measurement',
  device ${ID} NOT NULL,
  field ${ID} NOT NULL COMMENT 'InfluxDB field: value, power_w, voltage, current, on',
  window_start DATETIME NOT NULL COMMENT 'UTC, inclusive',
  window_end DATETIME NOT NULL COMMENT 'UTC, exclusive',
  room ${ID} NULL COMMENT 'room of the latest reading in the window',
  sample_count INT UNSIGNED NOT NULL,
  value_min DOUBLE NULL,
  value_max DOUBLE NULL,
  value_sum DOUBLE NULL,
  value_mean DOUBLE NULL,
  value_first DOUBLE NULL,
  value_last DOUBLE NULL,
  first_at DATETIME(3) NULL COMMENT 'UTC time of the first reading in the window',
  last_at DATETIME(3) NULL COMMENT 'UTC time of the last reading in the window',
  energy_wh DOUBLE NULL COMMENT 'power fields: energy within the window',
  counter_increase DOUBLE NULL COMMENT 'counter fields: increase within the window, resets handled',
  is_final TINYINT(1) NOT NULL DEFAULT 0 COMMENT '1 once the window can no longer change',
  updated_at DATETIME(3) NOT NULL COMMENT 'UTC',
  PRIMARY KEY (tier, site, kind, device, field, window_start),
  KEY archive_rollup_by_time (tier, window_start),
  KEY archive_rollup_by_device (tier, device, window_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='SensorPlus rollups: one row per tier, device, field and window'`;

const CREATE_WATERMARK = `CREATE TABLE IF NOT EXISTS archive_watermark (
  tier VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL PRIMARY KEY,
  final_until DATETIME NOT NULL COMMENT 'UTC: every window of the tier that ends at or before this is final',
  updated_at DATETIME(3) NOT NULL COMMENT 'UTC'
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='SensorPlus archive: what is final, per tier'`;

/** The original system's per-kind tables, as views over the 5-minute tier. */
function legacyView(table: string, kind: string, unit: string): string {
  return `CREATE OR REPLACE VIEW ${table} AS
SELECT device AS device_id, room AS room_id, site, value_mean AS value, value_min AS min_value, value_max AS max_value,
  value_last AS latest_value, sample_count, '${unit}' AS unit, window_start AS recorded_at, window_end AS period_end, is_final
FROM archive_rollup WHERE tier = '5m' AND kind = '${kind}' AND field = 'value'`;
}

const SOLAR_VIEW = `CREATE OR REPLACE VIEW solar_data AS
SELECT device AS device_id, site, window_start AS recorded_at, window_end AS period_end,
  MAX(CASE WHEN field = 'power_w' THEN value_mean END) AS power_w,
  MAX(CASE WHEN field = 'power_w' THEN value_max END) AS max_power_w,
  MAX(CASE WHEN field = 'voltage' THEN value_mean END) AS voltage,
  MAX(CASE WHEN field = 'current' THEN value_mean END) AS \`current\`,
  MAX(CASE WHEN field = 'power_w' THEN energy_wh END) AS energy_wh,
  MAX(CASE WHEN field = 'power_w' THEN sample_count END) AS sample_count,
  MIN(is_final) AS is_final
FROM archive_rollup WHERE tier = '5m' AND kind = 'solar'
GROUP BY site, device, window_start, window_end`;

const SOLAR_DAILY_VIEW = `CREATE OR REPLACE VIEW solar_energy_daily AS
SELECT device AS device_id, site, CAST(window_start AS DATE) AS day, energy_wh, energy_wh / 1000 AS energy_kwh, is_final
FROM archive_rollup WHERE tier = '1d' AND kind = 'solar' AND field = 'power_w'`;

const SOLAR_MONTHLY_VIEW = `CREATE OR REPLACE VIEW solar_energy_monthly AS
SELECT device AS device_id, site, CAST(DATE_FORMAT(window_start, '%Y-%m-01') AS DATE) AS month,
  SUM(energy_wh) AS energy_wh, SUM(energy_wh) / 1000 AS energy_kwh, COUNT(*) AS days, MIN(is_final) AS is_final
FROM archive_rollup WHERE tier = '1d' AND kind = 'solar' AND field = 'power_w'
GROUP BY site, device, CAST(DATE_FORMAT(window_start, '%Y-%m-01') AS DATE)`;

/**
 * One statement, so it is atomic on MySQL 8 (atomic DDL) and MariaDB; MySQL 8 has no
 * `ADD COLUMN IF NOT EXISTS`, so the runner takes "duplicate column" on a re-run as already done.
 */
const EXTEND_ROLLUP = `ALTER TABLE archive_rollup
  ADD COLUMN suspect_count INT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'readings marked suspect' AFTER sample_count,
  ADD COLUMN peak_at DATETIME(3) NULL COMMENT 'UTC time of the (first) reading at value_max' AFTER last_at,
  ADD COLUMN runtime_seconds DOUBLE NULL COMMENT 'power fields: seconds above the standby threshold' AFTER energy_wh,
  ADD COLUMN cost DOUBLE NULL COMMENT 'power fields with a tariff: energy priced at the rate in force' AFTER runtime_seconds,
  ADD COLUMN currency VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NULL COMMENT 'currency of cost' AFTER cost`;

/** Rollups over local time: days, ISO weeks, months and shifts in each site's time zone. */
const CREATE_PERIOD = `CREATE TABLE IF NOT EXISTS archive_period (
  period VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'day, week (ISO, from Monday), month or shift',
  site ${ID} NOT NULL,
  kind ${ID} NOT NULL COMMENT 'InfluxDB measurement',
  device ${ID} NOT NULL,
  field ${ID} NOT NULL,
  period_start DATETIME NOT NULL COMMENT 'UTC, inclusive: local midnight or the shift start',
  period_end DATETIME NOT NULL COMMENT 'UTC, exclusive (a local day lasts 23 or 25 h on a daylight-saving change)',
  local_date DATE NOT NULL COMMENT 'the local date the period starts on',
  shift TINYINT UNSIGNED NOT NULL DEFAULT 0 COMMENT 'shift number within its local day (1 = first); 0 for day, week, month',
  time_zone VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL COMMENT 'IANA time zone of the site',
  room ${ID} NULL,
  sample_count INT UNSIGNED NOT NULL,
  suspect_count INT UNSIGNED NOT NULL DEFAULT 0,
  value_min DOUBLE NULL,
  value_max DOUBLE NULL,
  value_sum DOUBLE NULL,
  value_mean DOUBLE NULL,
  value_first DOUBLE NULL,
  value_last DOUBLE NULL,
  first_at DATETIME(3) NULL,
  last_at DATETIME(3) NULL,
  peak_at DATETIME(3) NULL,
  energy_wh DOUBLE NULL,
  runtime_seconds DOUBLE NULL,
  cost DOUBLE NULL,
  currency VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NULL,
  counter_increase DOUBLE NULL,
  is_final TINYINT(1) NOT NULL DEFAULT 0,
  updated_at DATETIME(3) NOT NULL,
  PRIMARY KEY (period, site, kind, device, field, period_start),
  KEY archive_period_by_date (period, local_date),
  KEY archive_period_by_device (period, device, period_start)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='SensorPlus rollups over local days, weeks, months and shifts'`;

const CREATE_TARIFF = `CREATE TABLE IF NOT EXISTS archive_tariff (
  site ${ID} NOT NULL COMMENT 'a site, or * for every site without a tariff of its own',
  effective_from DATETIME NOT NULL COMMENT 'UTC: in force from here until the next row of the site',
  currency VARCHAR(8) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  rate DOUBLE NOT NULL COMMENT 'price of 1 kWh outside peak hours',
  peak_rate DOUBLE NULL COMMENT 'price of 1 kWh in peak hours',
  peak_start TIME NULL COMMENT 'local time of the site, inclusive',
  peak_end TIME NULL COMMENT 'local time of the site, exclusive; before peak_start it wraps past midnight',
  created_at DATETIME(3) NOT NULL COMMENT 'UTC',
  PRIMARY KEY (site, effective_from)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci COMMENT='SensorPlus energy tariffs, effective-dated (PUT /api/tariffs)'`;

/** `plug-1.port2` → device `plug-1`, port 2 (the archive's series id of a plug port, fields.ts). */
const PLUG_DEVICE = "SUBSTRING_INDEX(device, '.port', 1)";
const PLUG_PORT = "CAST(SUBSTRING_INDEX(device, '.port', -1) AS UNSIGNED)";

/** The smart plug's original reports: energy, cost, runtime and peak per port and local day / month. */
const DAILY_CONSUMPTION_VIEW = `CREATE OR REPLACE VIEW daily_consumption AS
SELECT site, ${PLUG_DEVICE} AS device_id, ${PLUG_PORT} AS port, local_date AS \`date\`, energy_wh / 1000 AS energy_kwh, cost, currency,
  runtime_seconds / 60 AS runtime_minutes, value_max AS peak_usage, peak_at, period_start, period_end, time_zone, is_final
FROM archive_period WHERE period = 'day' AND kind = 'multiplug' AND field = 'power' AND device LIKE '%.port%'`;

const MONTHLY_CONSUMPTION_VIEW = `CREATE OR REPLACE VIEW monthly_consumption AS
SELECT site, ${PLUG_DEVICE} AS device_id, ${PLUG_PORT} AS port, YEAR(local_date) AS \`year\`, MONTH(local_date) AS \`month\`, local_date AS month_start,
  energy_wh / 1000 AS energy_kwh, cost, currency, runtime_seconds / 60 AS runtime_minutes, value_max AS peak_usage, peak_at,
  period_start, period_end, time_zone, is_final
FROM archive_period WHERE period = 'month' AND kind = 'multiplug' AND field = 'power' AND device LIKE '%.port%'`;

/** The machine's counters per shift or day: pieces made and rejected, resets handled. */
function productionView(name: string, period: 'shift' | 'day'): string {
  const shiftColumns = period === 'shift' ? 'shift, period_start AS shift_start, period_end AS shift_end, ' : 'period_start, period_end, ';
  return `CREATE OR REPLACE VIEW ${name} AS
SELECT site, device AS machine_id, local_date AS \`date\`, ${shiftColumns}time_zone,
  MAX(CASE WHEN field = 'cumulative_production' THEN counter_increase END) AS production,
  MAX(CASE WHEN field = 'cumulative_defects' THEN counter_increase END) AS defects,
  MAX(CASE WHEN field = 'cumulative_defects' THEN counter_increase END)
    / NULLIF(MAX(CASE WHEN field = 'cumulative_production' THEN counter_increase END), 0) AS defect_rate,
  MIN(is_final) AS is_final
FROM archive_period WHERE period = '${period}' AND kind = 'production_machine' AND field IN ('cumulative_production', 'cumulative_defects')
GROUP BY site, device, local_date, ${period === 'shift' ? 'shift, ' : ''}period_start, period_end, time_zone`;
}

/** The solar tracker's telemetry per 5 minutes, one column per field, as its own table had them. */
const TRACKER_TELEMETRY_VIEW = `CREATE OR REPLACE VIEW tracker_telemetry AS
SELECT site, device AS device_id, window_start AS recorded_at, window_end AS period_end,
  MAX(CASE WHEN field = 'power_w' THEN value_mean END) AS power_w,
  MAX(CASE WHEN field = 'power_w' THEN value_max END) AS max_power_w,
  MAX(CASE WHEN field = 'power_w' THEN energy_wh END) AS energy_wh,
  MAX(CASE WHEN field = 'power_actual_w' THEN value_mean END) AS power_actual_w,
  MAX(CASE WHEN field = 'battery_pct' THEN value_mean END) AS battery_pct,
  MAX(CASE WHEN field = 'battery_v' THEN value_mean END) AS battery_v,
  MAX(CASE WHEN field = 'temp_c' THEN value_mean END) AS temp_c,
  MAX(CASE WHEN field = 'tilt_angle' THEN value_mean END) AS tilt_angle,
  MAX(CASE WHEN field = 'pan_angle' THEN value_mean END) AS pan_angle,
  MAX(CASE WHEN field = 'efficiency' THEN value_mean END) AS efficiency,
  MAX(CASE WHEN field = 'avg' THEN value_mean END) AS light_avg,
  MAX(CASE WHEN field = 'power_w' THEN sample_count END) AS sample_count,
  MIN(is_final) AS is_final
FROM archive_rollup WHERE tier = '5m' AND kind = 'solar_tracker'
GROUP BY site, device, window_start, window_end`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'rollup and watermark tables', statements: [CREATE_ROLLUP, CREATE_WATERMARK] },
  {
    version: 2,
    name: 'views with the original table names',
    statements: [
      legacyView('temperature_data', 'temperature', '°C'),
      legacyView('humidity_data', 'humidity', '%'),
      legacyView('co2_data', 'co2', 'ppm'),
      legacyView('light_data', 'light', 'lux'),
      SOLAR_VIEW,
    ],
  },
  { version: 3, name: 'daily and monthly solar energy totals', statements: [SOLAR_DAILY_VIEW, SOLAR_MONTHLY_VIEW] },
  { version: 4, name: 'peak time, runtime, cost and suspect readings per window', statements: [EXTEND_ROLLUP] },
  { version: 5, name: 'local days, weeks, months and shifts; tariffs', statements: [CREATE_PERIOD, CREATE_TARIFF] },
  {
    version: 6,
    name: 'views of the plug, machine and tracker reports',
    statements: [
      DAILY_CONSUMPTION_VIEW,
      MONTHLY_CONSUMPTION_VIEW,
      productionView('shift_production', 'shift'),
      productionView('daily_production', 'day'),
      TRACKER_TELEMETRY_VIEW,
    ],
  },
];
