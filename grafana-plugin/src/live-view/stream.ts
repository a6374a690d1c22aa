import type { LiveStore } from './live-store.js';
import type { DeviceState, LiveStats, StreamSnapshot } from './protocol.js';

export type Connection = 'connecting' | 'live' | 'reconnecting';

const RETRY_MS = 1000;
const MAX_RETRY_MS = 10_000;

/**
 * Follows `/api/stream` into the store. Every (re)connection starts with a snapshot, so a page
 * catches up by itself after a network hiccup or a bridge restart; when the browser gives up on
 * its own retries (the bridge was down too long), it reconnects with a growing delay.
 */
export function followStream(url: string, store: LiveStore, onConnection: (connection: Connection) => void): () => void {
  let source: EventSource | undefined;
  let retryMs = RETRY_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const open = () => {
    source = new EventSource(url);
    source.addEventListener('snapshot', (event) => {
      retryMs = RETRY_MS;
      store.applySnapshot(JSON.parse((event as MessageEvent<string>).data) as StreamSnapshot);
      onConnection('live');
    });
    source.addEventListener('devices', (event) => store.applyDevices(JSON.parse((event as MessageEvent<string>).data) as DeviceState[]));
    source.addEventListener('stats', (event) => store.applyStats(JSON.parse((event as MessageEvent<string>).data) as LiveStats));
    source.onerror = () => {
      onConnection('reconnecting');
      if (source?.readyState === EventSource.CLOSED && !stopped) {
        timer = setTimeout(open, retryMs);
        retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
      }
    };
  };

  onConnection('connecting');
  open();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
