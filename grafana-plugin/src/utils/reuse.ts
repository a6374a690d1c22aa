/**
 * Models kept from one build to the next and reused while their signature is unchanged, so that
 * React's memo skips the tiles and rooms whose data did not change. A build asks for every model
 * it needs; whatever it did not ask for is dropped when it ends.
 */
export class ReuseCache<T> {
  #previous = new Map<string, { signature: string; value: T }>();
  #current = new Map<string, { signature: string; value: T }>();

  take(key: string, signature: string, make: () => T): T {
    const kept = this.#previous.get(key);
    const entry = kept && kept.signature === signature ? kept : { signature, value: make() };
    this.#current.set(key, entry);
    return entry.value;
  }

  endBuild(): void {
    this.#previous = this.#current;
    this.#current = new Map();
  }
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

/** A number that stands for an object's identity, for signatures built from other models. */
export function identityOf(value: object): number {
  let id = identities.get(value);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(value, id);
  }
  return id;
}
