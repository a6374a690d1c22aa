import { pbkdf2Sync, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

export interface MqttAccount {
  username: string;
  password: string;
}

/**
 * One password-file line in the format `mosquitto_passwd` writes for Mosquitto 2.x
 * (`$7$`: PBKDF2-SHA512, 101 iterations, 12-byte salt, 64-byte hash, base64).
 * Hashing here keeps passwords off the command line, where `ps` would show them.
 */
export function passwordLine(account: MqttAccount): string {
  if (account.username === '' || /[:\s]/.test(account.username)) {
    throw new Error(`Invalid MQTT username ${JSON.stringify(account.username)}: it must be non-empty, without ':' or spaces`);
  }
  const iterations = 101;
  const salt = randomBytes(12);
  const hash = pbkdf2Sync(account.password, salt, iterations, 64, 'sha512');
  return `${account.username}:$7$${iterations}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Writes a Mosquitto password file readable only by its owner. */
export function writePasswordFile(file: string, accounts: readonly MqttAccount[]): void {
  const text = accounts.map((account) => `${passwordLine(account)}\n`).join('');
  writeFileSync(file, text, { mode: 0o600 });
}
