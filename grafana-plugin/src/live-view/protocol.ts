/**
 * What the bridge sends the live view: its `/api/stream` events and `/api/simulator` answers. The
 * types are the bridge's own (imported for their shape only, nothing of the bridge is bundled).
 */
export type { DeviceState, DeviceView } from '../../../bridge/src/devices/device-registry.js';
export type { LiveStats } from '../../../bridge/src/live/live-stats.js';
export type { RecentPoint } from '../../../bridge/src/live/recent-readings.js';
export type { StreamSnapshot } from '../../../bridge/src/live/stream-hub.js';
export type { HistoryPoint } from '../../../bridge/src/admin/routes/device-history.js';

/** `GET /api/simulator`, as the simulator's control endpoint answers it. */
export interface SimulatorStatus {
  running: boolean;
}
