import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { describeMissingBinaries, findBinary, findFreePort, requireBinaries, waitFor } from '../src/index.js';

const listeners: Server[] = [];
afterAll(() => Promise.all(listeners.map((s) => new Promise((resolve) => s.close(resolve)))));

function listenOn(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    listeners.push(server);
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port }, () => resolve(server));
  });
}

describe('findFreePort', () => {
  it('returns the preferred port when it is free', async () => {
    const free = await findFreePort();
    expect(await findFreePort(free)).toBe(free);
  });

  it('returns another free port when the preferred one is taken', async () => {
    const taken = await findFreePort();
    await listenOn(taken);
    const port = await findFreePort(taken);
    expect(port).not.toBe(taken);
    await listenOn(port); // really free: binding it succeeds
  });

  it('never hands out the same ephemeral port twice', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => findFreePort()));
    expect(new Set(ports).size).toBe(ports.length);
  });
});

describe('waitFor', () => {
  it('resolves once the check passes, treating thrown errors as "not yet"', async () => {
    let calls = 0;
    await waitFor(
      async () => {
        calls++;
        if (calls < 3) throw new Error('not yet');
        return true;
      },
      { timeoutMs: 10_000, what: 'the third call' },
    );
    expect(calls).toBe(3);
  });

  it('names what it waited for and the last error when it times out', async () => {
    const failing = waitFor(
      async () => {
        throw new Error('connection refused');
      },
      { timeoutMs: 100, what: 'the moon' },
    );
    await expect(failing).rejects.toThrow(/waiting for the moon.*connection refused/);
  });

  it('stops when its signal aborts', async () => {
    const aborter = new AbortController();
    aborter.abort(new Error('server exited'));
    const waiting = waitFor(async () => false, { timeoutMs: 60_000, what: 'x', signal: aborter.signal });
    await expect(waiting).rejects.toThrow('server exited');
  });
});

describe('requireBinaries', () => {
  it('finds the installed server binaries, also those in /usr/sbin', () => {
    expect(() => requireBinaries(['mosquitto', 'influxd', 'mariadbd', 'mariadb-install-db', 'prometheus'])).not.toThrow();
    expect(findBinary('mariadbd')).toMatch(/\/mariadbd$/);
  });

  it('throws one error naming every missing binary', () => {
    expect(() => requireBinaries(['mosquitto', 'no-such-server-a', 'no-such-server-b'])).toThrow(
      /no-such-server-a[\s\S]*no-such-server-b/,
    );
  });

  it('names the Debian package that installs each binary', () => {
    const message = describeMissingBinaries(['mosquitto', 'influxd', 'mariadbd', 'mariadb-install-db', 'prometheus', 'promtool']);
    expect(message).toContain('mosquitto: install the Debian package "mosquitto"');
    expect(message).toContain('influxd: install the Debian package "influxdb"');
    expect(message).toContain('mariadbd: install the Debian package "mariadb-server"');
    expect(message).toContain('mariadb-install-db: install the Debian package "mariadb-server"');
    expect(message).toContain('promtool: install the Debian package "prometheus"');
    expect(message).toContain('apt-get install -y mosquitto influxdb mariadb-server prometheus');
  });
});
