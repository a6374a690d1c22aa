import { setTimeout as sleep } from 'node:timers/promises';
import { createFleet, hostileMessages, Publisher, referenceBuilding, type PublisherOptions } from '@sensorplus/simulator';

/**
 * The reference building publishing in real time (a round of 21 readings every `roundMs`), with
 * one malformed message every few rounds so that rejections are counted too. Runs until stopped.
 */
export class LiveTraffic {
  #stopped = false;
  #loop: Promise<void> | undefined;
  #publisher: Publisher | undefined;
  rounds = 0;

  constructor(
    private readonly options: PublisherOptions,
    private readonly roundMs = 250,
    private readonly hostileEvery = 4,
  ) {}

  async start(): Promise<void> {
    this.#publisher = await Publisher.connect(this.options);
    this.#loop = this.#run(this.#publisher);
  }

  async #run(publisher: Publisher): Promise<void> {
    const devices = referenceBuilding();
    const fleet = createFleet({ devices, seed: 7 });
    // Topic-level cases never reach a bridge subscribed to building/+/+/+; leave them out.
    const hostile = hostileMessages(1000, { seed: 3, reasons: ['invalid_json', 'schema', 'out_of_range', 'invalid_unit'] });
    while (!this.#stopped) {
      const started = Date.now();
      for (const message of fleet.round(started)) await publisher.publish(message.topic, message.payload);
      if (this.rounds % this.hostileEvery === 0) {
        const bad = hostile[(this.rounds / this.hostileEvery) % hostile.length]!;
        await publisher.publish(bad.topic, bad.payload);
      }
      this.rounds++;
      await sleep(Math.max(0, this.roundMs - (Date.now() - started)));
    }
  }

  /** Stops publishing; gives up waiting for acknowledgements after a few seconds. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await Promise.race([this.#loop, sleep(5000)]);
    await this.#publisher?.close(5000);
  }
}
