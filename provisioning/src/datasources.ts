/**
 * The datasources Grafana is provisioned with (grafana/datasources/sensorplus.yaml). Dashboards and
 * alert rules refer to them by these fixed uids, so they survive a Grafana reinstall or rename.
 */
export const INFLUXDB = { type: 'influxdb', uid: 'sensorplus-influxdb' } as const;
export const MYSQL = { type: 'mysql', uid: 'sensorplus-mysql' } as const;
export const PROMETHEUS = { type: 'prometheus', uid: 'sensorplus-prometheus' } as const;

/** Server-side expressions (reduce, threshold) in alert rules. */
export const EXPRESSIONS = { type: '__expr__', uid: '__expr__' } as const;

/** Grafana's built-in datasource, for its Live channels (the bridge pushes readings there when GRAFANA_URL is set). */
export const GRAFANA = { type: 'datasource', uid: 'grafana' } as const;

export type DatasourceRef = typeof INFLUXDB | typeof MYSQL | typeof PROMETHEUS | typeof GRAFANA;

export const DATASOURCE_UIDS = [INFLUXDB.uid, MYSQL.uid, PROMETHEUS.uid] as const;

/** Measurements of the room sensors (field `value`) and of every kind the bridge writes. */
export const ROOM_KINDS = ['temperature', 'humidity', 'co2', 'light'] as const;
export const ALL_KINDS_REGEX = '/^(temperature|humidity|co2|light|solar|switch)$/';
export const READING_KINDS_REGEX = '/^(temperature|humidity|co2|light|solar)$/';
