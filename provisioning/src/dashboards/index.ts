import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { archive } from './archive.js';
import { bridgeHealth } from './bridge-health.js';
import { buildingOverview } from './building-overview.js';
import { deviceDetail } from './device-detail.js';
import { production } from './production.js';
import { smartPlug } from './smart-plug.js';
import { solarTracker } from './solar-tracker.js';

/** Every provisioned dashboard, by the file name it is written to under grafana/dashboards/sensorplus/. */
export const DASHBOARDS: Record<string, () => dashboard.Dashboard> = {
  'building-overview.json': buildingOverview,
  'device-detail.json': deviceDetail,
  'bridge-health.json': bridgeHealth,
  'archive.json': archive,
  'solar-tracker.json': solarTracker,
  'smart-plug.json': smartPlug,
  'production.json': production,
};
