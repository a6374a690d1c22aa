import { formattedValueToString } from '@grafana/data';
import React, { memo, type CSSProperties } from 'react';

import { useThemeStyles } from '../../hooks/useThemeStyles.js';
import { TEST_IDS } from '../../testIds.js';
import type { DeviceModel } from '../../types.js';
import { kindDefinition } from '../../utils/kinds.js';
import { STATUS_LABELS } from '../../utils/status.js';
import { KindIcon } from '../KindIcon/index.js';
import { Trend } from '../Trend/index.js';
import { DEVICE_COLOR, getStyles } from './DeviceTile.styles.js';

export interface DeviceTileProps {
  device: DeviceModel;
  /** True when a click leads somewhere (data links or the device dashboard). */
  clickable: boolean;
  iconPrefix: string;
}

/**
 * One device: kind icon, name, value in its threshold colour, an optional sparkline and its
 * status. Clicks, keys and the tooltip are handled once by the panel (event delegation), which
 * keeps 2,000 tiles cheap; the tile only carries its role, label and data attributes. Its colour
 * is one CSS variable that the border, the value and the sparkline read, and it re-renders only
 * when its device model changes (models are reused while a device's data stays the same). Rooms
 * off screen draw LightTiles instead, the same element with the name only.
 */
export const DeviceTile = memo(function DeviceTile({ device, clickable, iconPrefix }: DeviceTileProps) {
  const styles = useThemeStyles(getStyles);
  const value = formattedValueToString(device.display);
  return (
    <div
      role={clickable ? 'button' : 'group'}
      tabIndex={0}
      aria-label={deviceLabel(device, value)}
      data-testid={TEST_IDS.device}
      data-device-key={device.key}
      data-device={device.id}
      data-kind={device.kind}
      data-status={device.status}
      className={styles.tile}
      style={{ [DEVICE_COLOR]: device.color } as CSSProperties}
    >
      <div className={styles.head}>
        <KindIcon prefix={iconPrefix} icon={kindDefinition(device.kind).icon} />
        <span className={styles.name}>{device.id}</span>
      </div>
      <div className={device.status === 'nodata' ? styles.noValue : styles.value} data-testid={TEST_IDS.deviceValue}>
        {value}
      </div>
      {device.extraDisplays.length > 0 && (
        <div className={styles.extras}>{device.extraDisplays.map((extra) => extra.text).join(' · ')}</div>
      )}
      {device.trend && <Trend paths={device.trend} />}
      {device.status !== 'ok' && (
        <span
          className={device.status === 'offline' ? styles.badgeOffline : device.status === 'stale' ? styles.badgeStale : styles.badge}
          data-testid={TEST_IDS.deviceStatus}
        >
          {STATUS_LABELS[device.status]}
        </span>
      )}
    </div>
  );
});

/** What a screen reader announces: device, kind, value, and any silence. */
export function deviceLabel(device: DeviceModel, value: string): string {
  const parts = [device.id, kindDefinition(device.kind).label, value];
  if (device.status === 'stale' || device.status === 'offline') {
    parts.push(STATUS_LABELS[device.status]);
  }
  if (device.silence) {
    parts.push(`last seen ${device.silence}`);
  }
  return parts.join(', ');
}
