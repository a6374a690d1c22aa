/**
 * The newest value per key since the last drain: a device that reports ten times a second is sent
 * once per frame. It holds at most one entry per key, so it is bounded by the device registry.
 */
export class Coalescer<T> {
  readonly #pending = new Map<string, T>();

  put(key: string, value: T): void {
    this.#pending.set(key, value);
  }

  /** Everything put since the last drain, one value per key, in the order the keys first came. */
  drain(): T[] {
    const batch = [...this.#pending.values()];
    this.#pending.clear();
    return batch;
  }

  get size(): number {
    return this.#pending.size;
  }
}
