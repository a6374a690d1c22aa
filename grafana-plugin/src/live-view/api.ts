import type { HistoryPoint, SimulatorStatus } from './protocol.js';

/** Where a page keeps the admin token it was given, for this tab only. */
const TOKEN_KEY = 'sensorplus-admin-token';

export class UnauthorizedError extends Error {}

/** The simulator's state; undefined when this bridge controls none. */
export async function simulatorStatus(): Promise<SimulatorStatus | undefined> {
  const response = await fetch('/api/simulator');
  if (response.status === 404) {
    return undefined;
  }
  if (!response.ok) {
    throw new Error(`The bridge answered ${response.status}`);
  }
  return (await response.json()) as SimulatorStatus;
}

/** Starts or stops the simulator; throws UnauthorizedError when the bridge wants the admin token. */
export async function setSimulatorRunning(running: boolean, token = sessionStorage.getItem(TOKEN_KEY) ?? ''): Promise<SimulatorStatus> {
  const response = await fetch('/api/simulator', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ running }),
  });
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw new UnauthorizedError('The admin token is needed');
  }
  if (!response.ok) {
    throw new Error(`The bridge answered ${response.status}`);
  }
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  }
  return (await response.json()) as SimulatorStatus;
}

export async function deviceHistory(device: string, site: string, minutes: number): Promise<HistoryPoint[]> {
  const response = await fetch(`/api/devices/${encodeURIComponent(device)}/history?site=${encodeURIComponent(site)}&minutes=${minutes}`);
  if (!response.ok) {
    throw new Error(`The bridge answered ${response.status}`);
  }
  return ((await response.json()) as { points: HistoryPoint[] }).points;
}
