import { cx } from '@emotion/css';
import React from 'react';

import { useThemeStyles } from '../hooks/useThemeStyles.js';
import type { BuildingModel } from '../utils/building.js';
import { LIVE_TEST_IDS } from './testIds.js';
import type { LiveStats } from './protocol.js';
import { getStyles } from './LiveView.styles.js';
import type { Connection } from './stream.js';

export interface LiveHeaderProps {
  building: BuildingModel;
  stats?: LiveStats;
  connection: Connection;
  /** Seconds since the stats arrived, so uptime keeps counting between two of them. */
  statsAgeSeconds: number;
  children?: React.ReactNode;
}

/** Devices online, stale and offline (the tiles' own statuses), uptime, message and rejection rates, the last rejections. */
export function LiveHeader({ building, stats, connection, statsAgeSeconds, children }: LiveHeaderProps) {
  const styles = useThemeStyles(getStyles);
  const counts = { ok: 0, stale: 0, offline: 0, nodata: 0 };
  for (const device of building.devices.values()) {
    counts[device.status]++;
  }
  return (
    <>
      <header className={styles.header}>
        <h1 className={styles.title}>SensorPlus · Building</h1>
        <span className={styles.badge} data-testid={LIVE_TEST_IDS.connection} data-connection={connection}>
          {connection === 'live' ? '● Live' : connection === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
        <div className={styles.facts}>
          <span className={styles.fact} data-testid={LIVE_TEST_IDS.deviceCounts}>
            <strong>{building.devices.size}</strong> devices: <span className={styles.online}>{counts.ok} online</span> ·{' '}
            <span className={styles.stale}>{counts.stale} stale</span> · <span className={styles.offline}>{counts.offline + counts.nodata} offline</span>
          </span>
          {stats && (
            <>
              <span className={styles.fact}>
                Uptime <strong>{formatUptime(stats.uptimeSeconds + statsAgeSeconds)}</strong>
              </span>
              <span className={styles.fact} data-testid={LIVE_TEST_IDS.messageRate}>
                <strong>{stats.messagesPerSecond.toFixed(1)}</strong> msg/s
              </span>
              <span className={styles.fact}>
                Rejected <strong>{(stats.rejectedShare * 100).toFixed(1)}%</strong> ({stats.rejectedPerSecond.toFixed(1)}/s, {stats.rejectedTotal} in all)
              </span>
            </>
          )}
        </div>
        <div className={styles.actions}>{children}</div>
      </header>
      {stats && stats.lastRejections.length > 0 && (
        <ul className={styles.rejections} aria-label="Last rejections" data-testid={LIVE_TEST_IDS.rejections}>
          {stats.lastRejections.map((rejection) => (
            <li key={`${rejection.receivedAt}-${rejection.topic}-${rejection.reason}`}>
              <span className={cx(styles.reason)}>{rejection.reason}</span>
              {new Date(rejection.receivedAt).toLocaleTimeString('en-GB')} {rejection.device ?? rejection.topic}: {rejection.detail}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** "3 d 4 h", "2 h 5 min", "4 min 10 s". */
export function formatUptime(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const [d, h, m] = [Math.floor(s / 86_400), Math.floor((s % 86_400) / 3600), Math.floor((s % 3600) / 60)];
  if (d > 0) {
    return `${d} d ${h} h`;
  }
  if (h > 0) {
    return `${h} h ${m} min`;
  }
  return `${m} min ${s % 60} s`;
}
