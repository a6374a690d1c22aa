import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Passwords the launcher generates on first run and keeps in `.data/` (git-ignored, mode 0600). */
export interface StackCredentials {
  mqttBridgePassword: string;
  mqttSimulatorPassword: string;
  mysqlPassword: string;
}

const generate = (): string => randomBytes(18).toString('base64url');

export function loadOrCreateCredentials(file: string): StackCredentials {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as StackCredentials;
  const credentials: StackCredentials = {
    mqttBridgePassword: generate(),
    mqttSimulatorPassword: generate(),
    mysqlPassword: generate(),
  };
  writeFileSync(file, `${JSON.stringify(credentials, null, 2)}\n`, { mode: 0o600 });
  return credentials;
}
