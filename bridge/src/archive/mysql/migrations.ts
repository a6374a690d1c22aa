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
];
