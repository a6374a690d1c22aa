import { dateTime, formattedValueToString } from '@grafana/data';
import React, { useEffect, useState } from 'react';

import { useThemeStyles } from '../hooks/useThemeStyles.js';
import type { DeviceModel } from '../types.js';
import { kindDefinition } from '../utils/kinds.js';
import { formatAge, STATUS_LABELS } from '../utils/status.js';
import { TREND_HEIGHT, TREND_WIDTH, trendPaths } from '../utils/trend.js';
import { deviceHistory } from './api.js';
import { getStyles } from './LiveView.styles.js';
import type { DeviceState, HistoryPoint } from './protocol.js';
import { LIVE_TEST_IDS } from './testIds.js';

const HISTORY_MINUTES = 60;

export interface DeviceDetailsProps {
  device: DeviceModel;
  state: DeviceState;
  onClose: () => void;
}

/** A selected tile: its last values (formatted as the tile formats them) and its last hour from InfluxDB. */
export function DeviceDetails({ device, state, onClose }: DeviceDetailsProps) {
  const styles = useThemeStyles(getStyles);
  const history = useHistory(state);
  const to = Date.now();
  const range = { from: dateTime(to - HISTORY_MINUTES * 60_000), to: dateTime(to), raw: { from: `now-${HISTORY_MINUTES}m`, to: 'now' } };
  const primary = device.primary.name;
  const paths = history && trendPaths(history.map((point) => point.ts), history.map((point) => point.fields[primary]), range);
  const rows: Array<[string, string]> = [
    ['Kind', kindDefinition(device.kind).label],
    ['Room', device.room ?? '—'],
    [primary === 'value' ? 'Value' : primary, formattedValueToString(device.display)],
    ...device.extraDisplays.map(({ name, text }): [string, string] => [name, text]),
    ['Quality', state.quality ?? '—'],
    ['Status', STATUS_LABELS[device.status]],
    ['Last seen', `${new Date(state.lastSeen).toLocaleTimeString('en-GB')} (${formatAge(Math.max(0, to - state.lastSeen))})`],
    ['Messages', String(state.messages)],
  ];
  return (
    <aside className={styles.details} data-testid={LIVE_TEST_IDS.details} aria-label={`Details of ${device.id}`}>
      <div className={styles.detailsHead}>
        <strong>{device.id}</strong>
        <button type="button" className={styles.button} onClick={onClose} aria-label="Close the details">
          ✕
        </button>
      </div>
      {paths ? (
        <svg className={styles.chart} viewBox={`0 0 ${TREND_WIDTH} ${TREND_HEIGHT}`} preserveAspectRatio="none" aria-label={`${primary}, last hour`}>
          <path d={paths.area} fill={device.color} fillOpacity={0.15} />
          <path d={paths.line} fill="none" stroke={device.color} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
        </svg>
      ) : (
        <p className={styles.muted}>{history ? 'Fewer than two readings in the last hour.' : 'Loading the last hour…'}</p>
      )}
      <table className={styles.table}>
        <tbody>
          {rows.map(([name, value]) => (
            <tr key={name}>
              <th scope="row">{name}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </aside>
  );
}

/** The device's last hour, fetched when it is selected and again when it reports. */
function useHistory(state: DeviceState): HistoryPoint[] | undefined {
  const [history, setHistory] = useState<HistoryPoint[] | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    deviceHistory(state.device, state.site, HISTORY_MINUTES).then(
      (points) => !cancelled && setHistory(points),
      () => !cancelled && setHistory([])
    );
    return () => {
      cancelled = true;
    };
  }, [state.device, state.site, state.lastTimestamp]);
  return history;
}
