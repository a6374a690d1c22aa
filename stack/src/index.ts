export { launch, type LaunchSpec, type ManagedServer } from './managed-server.js';
export { findFreePort } from './ports.js';
export { waitFor, canConnect, answersHttp, type WaitOptions } from './wait.js';
export { requireBinaries, findBinary, describeMissingBinaries } from './binaries.js';
export { tailFile } from './log-tail.js';
export { startMosquitto, type MosquittoOptions, type MosquittoServer } from './mosquitto.js';
export { passwordLine, writePasswordFile, type MqttAccount } from './mosquitto-passwd.js';
export { startInflux, type InfluxOptions, type InfluxServer } from './influx.js';
export { startMariadb, type MariadbOptions, type MariadbServer } from './mariadb.js';
export { startPrometheus, type PrometheusOptions } from './prometheus.js';
export { ensureLocalCertificates, type LocalCertificates } from './tls.js';
export { renderLocalPrometheusConfig, type LocalPrometheusConfig } from './prometheus-config.js';
export { bridgeNodeFlags } from './bridge-runtime.js';
export { SupervisedProcess, type SupervisedOptions } from './launcher/supervised-process.js';
export {
  SHIPPED_MOSQUITTO_DIR,
  SHIPPED_MOSQUITTO_CONF,
  SHIPPED_MOSQUITTO_CONF_D,
  SHIPPED_MOSQUITTO_ACL,
} from './paths.js';
