import { createModel, referenceBuilding, type ValueModel } from '@sensorplus/simulator';
import { random, writePoints, type RawPoint } from './points.js';

/**
 * Plays the bridge's part in real time: every second, one reading per device (the 21-device
 * building plus a counter that resets every 40 s) is written to InfluxDB. `writtenThrough` is what
 * the bridge would report: the time of the oldest reading generated but not yet written.
 */
export class LiveFeed {
  readonly points: RawPoint[] = [];
  #pendingSince: number | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> = Promise.resolve();
  #counter = 0;
  #error: unknown;
  readonly #rand = random(11);
  readonly #devices = referenceBuilding();
  readonly #models: ValueModel[];

  constructor(
    private readonly influxUrl: string,
    private readonly db: string,
    private readonly onWritten: (writtenThrough: number) => void = () => undefined,
  ) {
    this.#models = this.#devices.map((d) => createModel(d, { seed: 3 }));
  }

  writtenThrough = (): number => this.#pendingSince ?? Date.now();

  start(): void {
    this.#timer = setInterval(() => {
      this.#running = this.#running.then(() => this.#tick()).catch((error: unknown) => {
        this.#error ??= error;
      });
    }, 1000);
  }

  /** Stops after the tick in flight; throws what a write hit, so a broken feed fails the test. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
    if (this.#error) throw this.#error;
  }

  async #tick(): Promise<void> {
    const now = Date.now();
    this.#pendingSince = now;
    const batch: RawPoint[] = this.#devices.map((device, i) => {
      const ts = now + i;
      const v = this.#models[i]!.next(ts);
      const fields: RawPoint['fields'] = v.kind === 'solar' ? { power_w: v.powerW, voltage: v.voltage, current: v.current } : { value: v.value };
      return { kind: device.kind, site: device.site, device: device.deviceId, ...(device.roomId ? { room: device.roomId } : {}), ts, fields };
    });
    // A counter that resets every 40 s (a shift change, compressed).
    if (Math.floor(now / 40_000) !== Math.floor((now - 1000) / 40_000)) this.#counter = 0;
    this.#counter += Math.floor(this.#rand() * 10);
    batch.push({ kind: 'counter', site: 'demo', device: 'counter-1', room: 'hall', ts: now + 50, fields: { value: this.#counter } });
    await writePoints(this.influxUrl, this.db, batch);
    this.points.push(...batch);
    this.#pendingSince = undefined;
    this.onWritten(Date.now());
  }
}
