import type { DeviceStatus } from '../types.js';

export interface SilenceLimits {
  /** Seconds. */
  staleAfter: number;
  /** Seconds. */
  offlineAfter: number;
}

/**
 * A device's status from the age of its last usable value. Without a timestamp the age is
 * unknown, so a device with a value counts as ok rather than being guessed offline.
 */
export function deviceStatus(hasValue: boolean, lastSeen: number | undefined, now: number, limits: SilenceLimits): DeviceStatus {
  if (!hasValue) {
    return 'nodata';
  }
  if (lastSeen === undefined) {
    return 'ok';
  }
  const silentFor = (now - lastSeen) / 1000;
  if (limits.offlineAfter > 0 && silentFor > limits.offlineAfter) {
    return 'offline';
  }
  if (limits.staleAfter > 0 && silentFor > limits.staleAfter) {
    return 'stale';
  }
  return 'ok';
}

/** "12 s ago", "5 min ago", "3 h ago", "2 d ago". */
export function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) {
    return `${seconds} s ago`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min ago`;
  }
  const hours = Math.round(minutes / 60);
  if (hours < 48) {
    return `${hours} h ago`;
  }
  return `${Math.round(hours / 24)} d ago`;
}

export const STATUS_LABELS: Record<DeviceStatus, string> = {
  ok: 'Online',
  stale: 'Stale',
  offline: 'Offline',
  nodata: 'No data',
};
