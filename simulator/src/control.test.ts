import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorControl } from './control.js';
import { createQuota } from './runner.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

describe('SimulatorControl', () => {
  it('grants no send slot while stopped, without using up the quota', () => {
    const control = new SimulatorControl();
    const quota = control.gate(createQuota(2));
    expect(quota.take()).toBe(true);
    control.setRunning(false);
    expect(quota.take()).toBe(false);
    expect(quota.exhausted).toBe(false);
    control.setRunning(true);
    expect(quota.take()).toBe(true);
    expect(quota.exhausted).toBe(true);
  });

  it('answers status, stop and start over HTTP', async () => {
    const control = new SimulatorControl();
    const server = await control.listen(0);
    close = server.close;
    const call = async (method: string, path: string) => {
      const response = await fetch(`${server.url}${path}`, { method });
      return { status: response.status, body: (await response.json()) as { running?: boolean } };
    };
    expect(await call('GET', '/status')).toMatchObject({ status: 200, body: { running: true } });
    expect(await call('POST', '/stop')).toMatchObject({ status: 200, body: { running: false } });
    expect((await call('GET', '/status')).body.running).toBe(false);
    expect(await call('POST', '/start')).toMatchObject({ status: 200, body: { running: true } });
    expect((await call('DELETE', '/status')).status).toBe(404);
  });
});
