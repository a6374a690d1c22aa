import { cx } from '@emotion/css';
import { formattedValueToString } from '@grafana/data';
import { Icon, Sparkline, Tooltip, useStyles2, useTheme2, type IconName } from '@grafana/ui';
import React, { memo } from 'react';

import { SPARKLINE_HEIGHT } from '../../constants.js';
import { TEST_IDS } from '../../testIds.js';
import type { DeviceModel } from '../../types.js';
import { kindDefinition } from '../../utils/kinds.js';
import { formatAge, STATUS_LABELS } from '../../utils/status.js';
import { DeviceTooltip } from '../DeviceTooltip/index.js';
import { getStyles } from './DeviceTile.styles.js';

export interface DeviceTileProps {
  device: DeviceModel;
  /** True when a click leads somewhere (data links or the device dashboard). */
  clickable: boolean;
  sparklineWidth: number;
  now: number;
  timeZone: string;
}

/** One device: kind icon, name, value in its threshold colour, an optional sparkline and its status. */
export const DeviceTile = memo(function DeviceTile({ device, clickable, sparklineWidth, now, timeZone }: DeviceTileProps) {
  const styles = useStyles2(getStyles);
  const theme = useTheme2();
  const value = formattedValueToString(device.display);
  return (
    <Tooltip content={() => <DeviceTooltip device={device} now={now} timeZone={timeZone} />} placement="top">
      <div
        role={clickable ? 'button' : 'group'}
        aria-label={deviceLabel(device, value, now)}
        data-testid={TEST_IDS.device}
        data-device-key={device.key}
        data-device={device.id}
        data-kind={device.kind}
        data-status={device.status}
        className={cx(styles.tile, clickable && styles.clickable, device.status === 'stale' && styles.stale, device.status === 'offline' && styles.offline)}
        style={{ borderLeftColor: device.color }}
      >
        <div className={styles.head}>
          <Icon name={kindIcon(device)} size="sm" aria-hidden />
          <span className={styles.name}>{device.id}</span>
        </div>
        <div
          className={cx(styles.value, device.status === 'nodata' && styles.noValue)}
          style={{ color: device.color }}
          data-testid={TEST_IDS.deviceValue}
        >
          {value}
        </div>
        {device.sparkline && device.status !== 'nodata' && (
          <div className={styles.sparkline} aria-hidden>
            <Sparkline
              theme={theme}
              width={sparklineWidth}
              height={SPARKLINE_HEIGHT}
              sparkline={device.sparkline}
              config={{ color: { mode: 'fixed' as never, fixedColor: device.color }, custom: { lineWidth: 1, fillOpacity: 12 } }}
            />
          </div>
        )}
        {device.status !== 'ok' && (
          <span
            className={cx(styles.badge, device.status === 'offline' && styles.badgeOffline, device.status === 'stale' && styles.badgeStale)}
            data-testid={TEST_IDS.deviceStatus}
          >
            {STATUS_LABELS[device.status]}
          </span>
        )}
      </div>
    </Tooltip>
  );
});

function kindIcon(device: DeviceModel): IconName {
  return kindDefinition(device.kind).icon as IconName;
}

/** What a screen reader announces: device, kind, value, and any silence. */
export function deviceLabel(device: DeviceModel, value: string, now: number): string {
  const parts = [device.id, kindDefinition(device.kind).label, value];
  if (device.status === 'stale' || device.status === 'offline') {
    parts.push(STATUS_LABELS[device.status]);
  }
  if (device.lastSeen !== undefined && device.status !== 'ok') {
    parts.push(`last seen ${formatAge(now - device.lastSeen)}`);
  }
  return parts.join(', ');
}
