import React, { useCallback, useEffect, useState } from 'react';

import { useThemeStyles } from '../hooks/useThemeStyles.js';
import { setSimulatorRunning, simulatorStatus, UnauthorizedError } from './api.js';
import { getStyles } from './LiveView.styles.js';
import type { SimulatorStatus } from './protocol.js';
import { LIVE_TEST_IDS } from './testIds.js';

const POLL_MS = 2000;

/** Whether the simulator runs, with Start / Stop; nothing when the bridge controls no simulator. */
export function SimulatorSwitch() {
  const styles = useThemeStyles(getStyles);
  const [status, setStatus] = useState<SimulatorStatus | undefined | 'unreachable'>(undefined);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let stopped = false;
    const poll = () =>
      simulatorStatus().then(
        (answer) => !stopped && setStatus(answer),
        () => !stopped && setStatus('unreachable')
      );
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);

  const toggle = useCallback(async () => {
    if (!status || status === 'unreachable') {
      return;
    }
    setBusy(true);
    try {
      setStatus(await setSimulatorRunning(!status.running));
    } catch (error) {
      if (error instanceof UnauthorizedError) {
        const token = window.prompt('Admin token (ADMIN_TOKEN of the bridge):');
        if (token) {
          setStatus(await setSimulatorRunning(!status.running, token).catch(() => status));
        }
      }
    } finally {
      setBusy(false);
    }
  }, [status]);

  if (status === undefined) {
    return null;
  }
  const running = status !== 'unreachable' && status.running;
  const label = status === 'unreachable' ? 'Simulator unreachable' : running ? 'Simulator running' : 'Simulator stopped';
  return (
    <>
      <span className={styles.badge} data-testid={LIVE_TEST_IDS.simulator} data-running={String(running)}>
        {label}
      </span>
      <button type="button" className={styles.button} onClick={toggle} disabled={busy || status === 'unreachable'} data-testid={LIVE_TEST_IDS.simulatorToggle}>
        {running ? 'Stop' : 'Start'}
      </button>
    </>
  );
}
