import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { deviceHistoryRoutes } from '../admin/routes/device-history.js';
import { BUILT_LIVE_VIEW_DIR, liveViewRoutes } from '../admin/routes/live-view.js';
import { simulatorRoutes } from '../admin/routes/simulator.js';
import { streamRoutes } from '../admin/routes/stream.js';
import type { DeviceMessage, DeviceRegistry, DeviceState } from '../devices/device-registry.js';
import { GrafanaLivePush, type GrafanaLiveSettings } from '../grafana-live/live-push.js';
import type { InfluxConnection } from '../influx/index.js';
import { createLiveMetrics } from '../metrics/live-metrics.js';
import type { RejectionLog } from '../rejections/rejection-log.js';
import { LiveStatsTracker } from './live-stats.js';
import { RECENT_POINTS_PER_DEVICE, RecentReadings } from './recent-readings.js';
import { StreamHub } from './stream-hub.js';

export interface LiveConfig {
  /** Folder of the built live view; undefined serves the one built in this repository. */
  viewDir: string | undefined;
  simulatorControlUrl: string | undefined;
  /** Set when GRAFANA_URL is: push every reading to Grafana Live. */
  grafana: GrafanaLiveSettings | undefined;
}

export interface LiveParts {
  devices: DeviceRegistry;
  rejections: RejectionLog;
  influx: InfluxConnection;
  staleAfterMs: number;
  registry: Registry;
  log: Logger;
}

/** Sparkline points a freshly opened page gets per device, and for how many devices at most. */
const RECENT_LIMITS = { perDevice: RECENT_POINTS_PER_DEVICE, devices: 10_000 };

export interface Live {
  /** The live view, its stream, device history and simulator control, for the admin server. */
  routes: (app: FastifyInstance) => Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

/**
 * Everything live: what the device registry records goes to the stream's pages (coalesced), to the
 * recent points a new page starts from, to the header's rates, and to Grafana Live when configured.
 */
export function createLive(config: LiveConfig, parts: LiveParts): Live {
  const metrics = createLiveMetrics(parts.registry);
  const stats = new LiveStatsTracker(parts.rejections, Date.now());
  const recent = new RecentReadings(RECENT_LIMITS);
  const hub = new StreamHub(
    {
      devices: (now) => parts.devices.list(now),
      recent: () => recent.snapshot(),
      stats: (now) => stats.stats(now),
      sampleStats: () => stats.sample(),
      staleAfterMs: parts.staleAfterMs,
    },
    metrics,
  );
  const grafana = config.grafana && new GrafanaLivePush(config.grafana, metrics, parts.log.child({ component: 'grafana-live' }));
  const unsubscribe = parts.devices.onRecord((key: string, state: DeviceState, message: DeviceMessage) => {
    hub.publish(key, state);
    grafana?.add(message.reading);
    stats.noteAccepted();
    if (message.status) return;
    if (state.lastTimestamp !== undefined && state.lastValues) recent.add(key, state.lastTimestamp, state.lastValues);
  });

  return {
    routes: async (app) => {
      await app.register(streamRoutes, { hub });
      await app.register(deviceHistoryRoutes, { devices: parts.devices, influx: parts.influx });
      await app.register(simulatorRoutes, { controlUrl: config.simulatorControlUrl });
      await app.register(liveViewRoutes, { dir: config.viewDir ?? BUILT_LIVE_VIEW_DIR });
    },
    start: () => {
      hub.start();
      grafana?.start();
    },
    stop: async () => {
      unsubscribe();
      hub.stop();
      await grafana?.stop();
    },
  };
}
