/**
 * Start and stop from outside (`--control-port`): a small HTTP endpoint on 127.0.0.1 that `npm start`
 * enables and the bridge's `/api/simulator` passes through to the live view.
 *   GET /status → {"running": true, "changedAt": <epoch ms>}
 *   POST /stop  → pauses publishing; POST /start resumes it (both answer the status)
 * Pausing works through the send quota every family takes a slot from before each message: while
 * stopped it grants none, so readings are skipped, never sent late with old timestamps.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SendQuota } from './runner.js';

export interface ControlStatus {
  running: boolean;
  /** When it was last started or stopped (epoch ms). */
  changedAt: number;
}

export class SimulatorControl {
  #running = true;
  #changedAt = Date.now();

  /** `quota`, granting nothing while stopped; it never runs out because of a stop. */
  gate(quota: SendQuota): SendQuota {
    return {
      take: () => this.#running && quota.take(),
      get exhausted() {
        return quota.exhausted;
      },
    };
  }

  get status(): ControlStatus {
    return { running: this.#running, changedAt: this.#changedAt };
  }

  setRunning(running: boolean): ControlStatus {
    if (running !== this.#running) {
      this.#running = running;
      this.#changedAt = Date.now();
    }
    return this.status;
  }

  /** Serves the endpoint on 127.0.0.1 (port 0 picks a free one); resolves with its URL. */
  async listen(port: number): Promise<{ url: string; close: () => Promise<void> }> {
    const server = http.createServer((request, response) => {
      const route = `${request.method} ${new URL(request.url ?? '/', 'http://localhost').pathname}`;
      const answer = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      request.resume();
      if (route === 'GET /status') answer(200, this.status);
      else if (route === 'POST /start') answer(200, this.setRunning(true));
      else if (route === 'POST /stop') answer(200, this.setRunning(false));
      else answer(404, { error: 'not_found', message: 'GET /status, POST /start or POST /stop' });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    server.unref();
    const address = server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }
}
