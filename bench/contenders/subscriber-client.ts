/**
 * The MQTT.js subscriber of the ceiling's and the pass-through's processes: v5, QoS 1, a persistent
 * session (so the broker keeps the backlog while it is away), from the environment spawnSubscriber sets.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { TOPIC_FILTER } from '../readings.js';

export function connectSubscriber(): MqttClient {
  const client = mqtt.connect(process.env.MQTT_URL!, {
    username: process.env.MQTT_USERNAME,
    password: process.env.MQTT_PASSWORD,
    clientId: process.env.MQTT_CLIENT_ID,
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 7 * 24 * 3600 },
    reconnectPeriod: 1000,
  });
  client.on('connect', () => client.subscribe(TOPIC_FILTER, { qos: 1 }));
  process.once('SIGTERM', () => void client.endAsync().finally(() => process.exit(0)));
  return client;
}
