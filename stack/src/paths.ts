import { fileURLToPath } from 'node:url';

/** The broker configuration the product ships (repo folder `mosquitto/`). */
export const SHIPPED_MOSQUITTO_DIR = fileURLToPath(new URL('../../mosquitto/', import.meta.url));
export const SHIPPED_MOSQUITTO_CONF = `${SHIPPED_MOSQUITTO_DIR}mosquitto.conf`;
export const SHIPPED_MOSQUITTO_CONF_D = `${SHIPPED_MOSQUITTO_DIR}conf.d`;
export const SHIPPED_MOSQUITTO_ACL = `${SHIPPED_MOSQUITTO_DIR}acl`;

/** The Prometheus configuration the product ships (repo folder `provisioning/prometheus/`). */
export const SHIPPED_PROMETHEUS_DIR = fileURLToPath(new URL('../../provisioning/prometheus/', import.meta.url));
export const SHIPPED_PROMETHEUS_CONF = `${SHIPPED_PROMETHEUS_DIR}prometheus.yml`;
