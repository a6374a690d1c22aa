import { dateTimeFormat, formattedValueToString } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import React from 'react';

import { TEST_IDS } from '../../testIds.js';
import type { DeviceModel } from '../../types.js';
import { kindDefinition } from '../../utils/kinds.js';
import { formatAge, STATUS_LABELS } from '../../utils/status.js';
import { getStyles } from './DeviceTooltip.styles.js';

export interface DeviceTooltipProps {
  device: DeviceModel;
  now: number;
  timeZone?: string;
}

/** Details shown on hover or focus: the readings, when the device was last seen, and its status. */
export function DeviceTooltip({ device, now, timeZone = 'browser' }: DeviceTooltipProps) {
  const styles = useStyles2(getStyles);
  const rows: Array<[string, string]> = [
    ['Kind', kindDefinition(device.kind).label],
    ['Room', device.room ?? '—'],
    [device.primary.name === 'value' ? 'Value' : device.primary.name, formattedValueToString(device.display)],
    ...device.extraDisplays.map(({ name, text }): [string, string] => [name, text]),
    ['Last seen', device.lastSeen === undefined ? 'unknown' : `${dateTimeFormat(device.lastSeen, { timeZone })} (${formatAge(now - device.lastSeen)})`],
    ['Status', STATUS_LABELS[device.status]],
  ];
  return (
    <div data-testid={TEST_IDS.tooltip}>
      <div className={styles.title}>{device.id}</div>
      <dl className={styles.list}>
        {rows.map(([term, value]) => (
          <React.Fragment key={term}>
            <dt className={styles.term}>{term}</dt>
            <dd className={styles.value}>{value}</dd>
          </React.Fragment>
        ))}
      </dl>
    </div>
  );
}
