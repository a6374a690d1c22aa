/** The HTTP sender against a small local server standing in for the bridge's ingestion route. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { IngestSender, retryAfterMs, type IngestEvent, type IngestSenderOptions } from './ingest-sender.js';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
  at: number;
}

type Reply = (res: ServerResponse, request: Received) => void;

/** A server that records each request and answers with the next reply in `replies` (the last one repeats). */
async function startServer(replies: Reply[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString()));
    req.on('end', () => {
      const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: JSON.parse(text) as unknown, at: performance.now() };
      received.push(request);
      replies[Math.min(received.length, replies.length) - 1]!(res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, server };
}

const status = (code: number, body = '', headers: Record<string, string> = {}): Reply => (res) => {
  res.writeHead(code, { 'Content-Type': 'application/json', ...headers });
  res.end(body);
};
const accepted = status(202, '{"accepted":1}');

const servers: Server[] = [];
const senders: IngestSender[] = [];
afterEach(async () => {
  for (const sender of senders.splice(0)) await sender.close(0);
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

function sender(options: Partial<IngestSenderOptions> & { url: string }) {
  const events: IngestEvent[] = [];
  const s = new IngestSender({ token: 'secret-token', initialBackoffMs: 20, onEvent: (e) => events.push(e), ...options });
  senders.push(s);
  return { sender: s, events };
}

const reading = (port: number) => ({ port, voltage: 229.8, current: 2.31, power: 502.4, relay_state: 'ON' });

describe('IngestSender', () => {
  it('POSTs each body as JSON with the bearer token to the device\'s URL, in order', async () => {
    const server = await startServer([accepted]);
    const { sender: s } = sender({ url: `${server.url}/` });
    for (const port of [1, 2, 3, 4]) s.send('plug 1', reading(port));
    s.send('plug-2', [reading(1), reading(2)]);
    await s.drain();
    expect(s.stats).toMatchObject({ queued: 5, accepted: 5, refused: 0, retries: 0, buffered: 0 });
    const first = server.received[0]!;
    expect(first).toMatchObject({ method: 'POST', url: '/api/ingest/multiplug?device=plug%201', body: reading(1) });
    expect(first.headers).toMatchObject({ authorization: 'Bearer secret-token', 'content-type': 'application/json' });
    expect(server.received.filter((r) => r.url.endsWith('plug%201')).map((r) => (r.body as { port: number }).port)).toEqual([1, 2, 3, 4]);
    expect(server.received.find((r) => r.url.endsWith('plug-2'))!.body).toEqual([reading(1), reading(2)]);
  });

  it('waits as long as Retry-After says after a 429, then sends the same reading again', async () => {
    const server = await startServer([status(429, '{"error":"rate_limited"}', { 'Retry-After': '1' }), accepted]);
    const { sender: s, events } = sender({ url: server.url });
    s.send('plug-1', reading(1));
    await s.drain();
    const [first, second] = server.received;
    expect(second!.body).toEqual(first!.body);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(s.stats).toMatchObject({ accepted: 1, retries: 1, throttled: 1, refused: 0 });
    expect(events).toEqual([{ type: 'retrying', deviceId: 'plug-1', reason: 'HTTP 429 (rate limited)', waitMs: 1000 }]);
  });

  it('backs off exponentially on 5xx until the reading is accepted, keeping later readings behind it', async () => {
    const server = await startServer([status(503), status(500), status(502), accepted]);
    const { sender: s, events } = sender({ url: server.url, initialBackoffMs: 20 });
    s.send('plug-1', reading(1));
    s.send('plug-1', reading(2));
    await s.drain();
    expect(server.received.map((r) => (r.body as { port: number }).port)).toEqual([1, 1, 1, 1, 2]);
    expect(events.map((e) => (e.type === 'retrying' ? e.waitMs : undefined))).toEqual([20, 40, 80]);
    expect(s.stats).toMatchObject({ accepted: 2, retries: 3, refused: 0 });
  });

  it('retries through network errors until the server is there', async () => {
    const server = await startServer([accepted]);
    const { port } = server.server.address() as AddressInfo;
    await new Promise((resolve) => server.server.close(resolve));
    const { sender: s, events } = sender({ url: server.url, initialBackoffMs: 50, maxBackoffMs: 100 });
    s.send('plug-1', reading(1));
    await expect.poll(() => events.length).toBeGreaterThanOrEqual(2);
    expect(events[0]).toMatchObject({ type: 'retrying', reason: 'network error (ECONNREFUSED)' });
    expect(server.received).toHaveLength(0);
    await new Promise<void>((resolve) => server.server.listen(port, '127.0.0.1', resolve));
    await s.drain();
    expect(server.received).toHaveLength(1);
    expect(s.stats).toMatchObject({ accepted: 1, refused: 0, buffered: 0 });
  });

  it('counts a 4xx as refused, reports its body and does not send it again', async () => {
    const server = await startServer([status(400, '{"error":"out_of_range","field":"voltage"}'), accepted]);
    const { sender: s, events } = sender({ url: server.url });
    s.send('plug-1', { ...reading(1), voltage: 400 });
    s.send('plug-1', reading(2));
    await s.drain();
    expect(server.received).toHaveLength(2);
    expect(s.stats).toMatchObject({ accepted: 1, refused: 1, retries: 0, lastError: 'HTTP 400' });
    expect(events).toEqual([{ type: 'refused', deviceId: 'plug-1', status: 400, body: '{"error":"out_of_range","field":"voltage"}' }]);
  });

  it('stops at close, counting what it could not deliver as unsent', async () => {
    const server = await startServer([status(503)]);
    const { sender: s } = sender({ url: server.url });
    s.send('plug-1', reading(1));
    s.send('plug-1', reading(2));
    await expect.poll(() => server.received.length).toBeGreaterThanOrEqual(1);
    await s.close(100);
    expect(s.stats).toMatchObject({ accepted: 0, unsent: 2 });
    expect(() => s.send('plug-1', reading(3))).toThrow('closed');
  });

  it('drops the oldest waiting reading when the buffer is full', async () => {
    const server = await startServer([status(503)]);
    const { sender: s, events } = sender({ url: server.url, bufferLimit: 2 });
    for (const port of [1, 2, 3]) s.send('plug-1', reading(port));
    expect(s.stats).toMatchObject({ queued: 3, dropped: 1, buffered: 2 });
    expect(events).toContainEqual({ type: 'dropped', deviceId: 'plug-1' });
  });

  it('refuses a URL that is not HTTP', () => {
    expect(() => new IngestSender({ url: 'mqtt://127.0.0.1:1883', token: 't' })).toThrow(/http:\/\/ or https:\/\//);
  });
});

describe('retryAfterMs', () => {
  it('reads seconds or an HTTP date, and nothing else', () => {
    const now = Date.UTC(2026, 0, 1, 12);
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(retryAfterMs(new Date(now - 5000).toUTCString(), now)).toBe(0);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});
