/**
 * Models kept from one build to the next and reused while what they were made from is unchanged,
 * so that React's memo skips the tiles and rooms whose data did not change. A build asks for every
 * model it needs; whatever it did not ask for is dropped when it ends. What a model is made from
 * is a short list of values compared one by one (no signature strings to build for 2,000 devices
 * on every streamed batch).
 */
export class ReuseCache<T, E = undefined> {
  #previous = new Map<string, Entry<T, E>>();
  #current = new Map<string, Entry<T, E>>();

  /** The model made from `inputs` last time, or a new one from `make`. */
  take(key: string, inputs: readonly unknown[], make: () => T, extra?: E): T {
    const kept = this.#previous.get(key);
    const entry = kept && sameInputs(kept.inputs, inputs) ? kept : { inputs, value: make(), extra };
    this.#current.set(key, entry);
    return entry.value;
  }

  /** What was stored with the key's model in the previous build (e.g. a sort order), if anything. */
  previous(key: string): Entry<T, E> | undefined {
    return this.#previous.get(key);
  }

  endBuild(): void {
    this.#previous = this.#current;
    this.#current = new Map();
  }
}

export interface Entry<T, E> {
  inputs: readonly unknown[];
  value: T;
  extra?: E;
}

export function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) {
      return false;
    }
  }
  return true;
}
