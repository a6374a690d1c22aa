import { createTheme, ThemeContext, type GrafanaTheme2 } from '@grafana/data';
import React, { useCallback, useEffect, useState, type MouseEvent } from 'react';

import { RoomGrid } from '../components/RoomGrid/index.js';
import { DEFAULT_OPTIONS } from '../constants.js';
import { useThemeStyles } from '../hooks/useThemeStyles.js';
import { DeviceDetails } from './DeviceDetails.js';
import { IconSprite } from './IconSprite.js';
import { LiveHeader } from './LiveHeader.js';
import { LiveStore, type LiveState } from './live-store.js';
import { getStyles } from './LiveView.styles.js';
import { SimulatorSwitch } from './SimulatorSwitch.js';
import { followStream, type Connection } from './stream.js';
import { LIVE_TEST_IDS } from './testIds.js';

type Mode = 'dark' | 'light';

const MODE_KEY = 'sensorplus-theme';
const ICON_PREFIX = 'sensorplus-live-kind';
/** Wider than the panel's default tiles: a page has the room for whole values ("1520 ppm"). */
const TILE_MIN_WIDTH = 128;
/** How often silence is re-judged without any update (a device turning stale or offline). */
const RECHECK_MS = 5000;

const THEMES: Record<Mode, GrafanaTheme2> = {
  dark: createTheme({ colors: { mode: 'dark' } }),
  light: createTheme({ colors: { mode: 'light' } }),
};

function initialMode(): Mode {
  const saved = localStorage.getItem(MODE_KEY);
  if (saved === 'dark' || saved === 'light') {
    return saved;
  }
  return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

/** The live building: the panel's rooms and tiles fed by the bridge's stream, a header, and a selected device's details. */
export function LiveView() {
  const [mode, setMode] = useState<Mode>(initialMode);
  const theme = THEMES[mode];
  // One store per page; theme changes reach it through setTheme below.
  const [store] = useState(() => new LiveStore(theme));
  const [state, setState] = useState<LiveState>(store.state);
  const [connection, setConnection] = useState<Connection>('connecting');

  useEffect(() => store.subscribe(setState), [store]);
  useEffect(() => followStream('/api/stream', store, setConnection), [store]);
  useEffect(() => {
    const timer = setInterval(() => store.flush(), RECHECK_MS);
    return () => clearInterval(timer);
  }, [store]);
  useEffect(() => {
    store.setTheme(theme);
    document.body.style.background = theme.colors.background.canvas;
    localStorage.setItem(MODE_KEY, mode);
  }, [store, theme, mode]);

  return (
    <ThemeContext.Provider value={theme}>
      <LivePage state={state} connection={connection} mode={mode} onToggleMode={() => setMode(mode === 'dark' ? 'light' : 'dark')} />
    </ThemeContext.Provider>
  );
}

interface LivePageProps {
  state: LiveState;
  connection: Connection;
  mode: Mode;
  onToggleMode: () => void;
}

function LivePage({ state, connection, mode, onToggleMode }: LivePageProps) {
  const styles = useThemeStyles(getStyles);
  const [selected, setSelected] = useState<string | undefined>(undefined);
  const onClick = useCallback((event: MouseEvent<HTMLDivElement>) => {
    const tile = (event.target as Element).closest<HTMLElement>('[data-device-key]');
    if (tile?.dataset.deviceKey) {
      setSelected(tile.dataset.deviceKey);
    }
  }, []);
  const device = selected ? state.building.devices.get(selected) : undefined;
  const registryKey = selected ? state.tileDevices.get(selected) : undefined;
  const deviceState = registryKey ? state.devices.get(registryKey) : undefined;
  const statsAgeSeconds = Math.max(0, (Date.now() - state.updatedAt) / 1000);

  return (
    <div className={styles.page}>
      <IconSprite prefix={ICON_PREFIX} />
      <LiveHeader building={state.building} stats={state.stats} connection={connection} statsAgeSeconds={statsAgeSeconds}>
        <SimulatorSwitch />
        <button type="button" className={styles.button} onClick={onToggleMode} data-testid={LIVE_TEST_IDS.themeToggle}>
          {mode === 'dark' ? 'Light theme' : 'Dark theme'}
        </button>
      </LiveHeader>
      <div className={styles.main}>
        <div className={styles.building} onClick={onClick}>
          <RoomGrid
            rooms={state.building.rooms}
            roomMinWidth={DEFAULT_OPTIONS.roomMinWidth}
            tileMinWidth={TILE_MIN_WIDTH}
            roomClickable={false}
            deviceUrlSet
            iconPrefix={ICON_PREFIX}
          />
        </div>
        {device && deviceState && <DeviceDetails device={device} state={deviceState} onClose={() => setSelected(undefined)} />}
      </div>
    </div>
  );
}
