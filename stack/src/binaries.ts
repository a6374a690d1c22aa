import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Debian package that provides each server binary the stack runs. */
const DEBIAN_PACKAGE: Readonly<Record<string, string>> = {
  mosquitto: 'mosquitto',
  mosquitto_passwd: 'mosquitto',
  influxd: 'influxdb',
  mariadbd: 'mariadb-server',
  'mariadb-install-db': 'mariadb-server',
  mariadb: 'mariadb-client',
  prometheus: 'prometheus',
  promtool: 'prometheus',
  openssl: 'openssl',
};

/** PATH plus /usr/sbin: Debian puts mosquitto and mariadbd there, and a non-root PATH may lack it. */
function searchDirs(): string[] {
  const fromPath = (process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== '');
  return [...new Set([...fromPath, '/usr/sbin', '/usr/bin', '/sbin', '/bin'])];
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of an executable, or undefined when it is not installed. */
export function findBinary(name: string): string | undefined {
  return searchDirs()
    .map((dir) => join(dir, name))
    .find(isExecutable);
}

/** Absolute path of an executable; throws the same clear error as requireBinaries when missing. */
export function resolveBinary(name: string): string {
  requireBinaries([name]);
  return findBinary(name) as string;
}

/** The message for missing binaries, naming the package that installs each one. */
export function describeMissingBinaries(missing: readonly string[]): string {
  const lines = missing.map((name) => {
    const pkg = DEBIAN_PACKAGE[name];
    return pkg === undefined
      ? `  - ${name}: install the package that provides it`
      : `  - ${name}: install the Debian package "${pkg}" (apt-get install ${pkg})`;
  });
  const packages = [...new Set(missing.map((name) => DEBIAN_PACKAGE[name]).filter((p) => p !== undefined))];
  const hint = packages.length > 0 ? `\nFor example: sudo apt-get install -y ${packages.join(' ')}` : '';
  return `Missing server binaries (searched PATH and /usr/sbin):\n${lines.join('\n')}${hint}`;
}

/** Throws one error listing every missing binary and the Debian package that provides it. */
export function requireBinaries(names: string[]): void {
  const missing = names.filter((name) => findBinary(name) === undefined);
  if (missing.length > 0) throw new Error(describeMissingBinaries(missing));
}
