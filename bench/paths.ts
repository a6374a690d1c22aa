/** Where the bench reads and writes, relative to the repository root. */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Git-ignored: Node-RED's installation and quick-run results, reused between runs. */
export const CACHE_DIR = path.join(ROOT, '.cache/bench');
export const RESULTS_DIR = path.join(ROOT, 'bench-results');
export const README = path.join(ROOT, 'README.md');
export const BRIDGE_MAIN = path.join(ROOT, 'bridge/src/main.ts');
/** The TypeScript compiler, to build the bridge that the bench measures. */
export const TSC = createRequire(import.meta.url).resolve('typescript/bin/tsc');
/** The tsx loader, so child processes run TypeScript as `node --import <loader> file.ts`. */
export const TSX_LOADER = createRequire(import.meta.url).resolve('tsx');

/** Node arguments that run a TypeScript file of this repository in a process of its own. */
export function nodeTypeScript(file: string, nodeFlags: readonly string[] = []): string[] {
  return [...nodeFlags, '--import', TSX_LOADER, file];
}
