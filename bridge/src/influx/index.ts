export { probeInflux, splitBucket, v1AuthParams } from './server.js';
export type { InfluxConnection, InfluxServerInfo } from './server.js';
export { influxQuery, quoteIdentifier, quoteString, InfluxQueryError } from './influxql.js';
export type { InfluxSeries } from './influxql.js';
