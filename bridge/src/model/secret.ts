/**
 * A credential that never shows itself: not in logs, not in JSON, not in error messages.
 * Call `reveal()` only where the value is handed to a client library.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get isEmpty(): boolean {
    return this.#value.length === 0;
  }

  toString(): string {
    return this.#value.length === 0 ? '' : '******';
  }

  toJSON(): string {
    return this.toString();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${this.toString()})`;
  }
}
