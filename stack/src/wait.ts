import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  timeoutMs: number;
  /** Says what is awaited, for the timeout message ("InfluxDB on port 8086 to answer /ping"). */
  what: string;
  /** Stops waiting early; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Polls `check` until it resolves true. A check that throws counts as "not yet";
 * its last error is quoted in the timeout message.
 */
export async function waitFor(check: () => Promise<boolean>, o: WaitOptions): Promise<void> {
  const deadline = Date.now() + o.timeoutMs;
  let lastError: unknown;
  let delayMs = 25;
  for (;;) {
    o.signal?.throwIfAborted();
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    o.signal?.throwIfAborted();
    if (Date.now() >= deadline) throw new Error(timeoutMessage(o, lastError));
    await sleep(delayMs);
    delayMs = Math.min(delayMs * 2, 250);
  }
}

function timeoutMessage(o: WaitOptions, lastError: unknown): string {
  const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  return `Timed out after ${o.timeoutMs} ms waiting for ${o.what}${cause}`;
}

/** True when a TCP connection to host:port succeeds. */
export function canConnect(port: number, host = '127.0.0.1', timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * True when GET url answers with the expected status; rejects when it cannot connect. For https://,
 * `ca` is the PEM of the CA to trust (node:https, since fetch cannot be given one).
 */
export function answersHttp(url: string, expectedStatus: number, options: { timeoutMs?: number; ca?: string } = {}): Promise<boolean> {
  const secure = url.startsWith('https:');
  const tls = secure && options.ca !== undefined ? { ca: options.ca } : {};
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(url, { ...tls, timeout: options.timeoutMs ?? 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === expectedStatus);
    });
    request.once('timeout', () => request.destroy(new Error(`no answer from ${url} within ${options.timeoutMs ?? 2000} ms`)));
    request.once('error', reject);
    request.end();
  });
}
