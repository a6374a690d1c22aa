/**
 * Which bridge is measured, copied before the first run so that the whole run measures one version
 * while the tree changes: the working tree's bridge/, or a commit (`--bridge-at REV`, exported once;
 * two commits can be compared). Copies live in the cache, inside the repository, so that they
 * resolve their packages from its node_modules. Each copy is compiled with the bridge's own build
 * (tsc, tsconfig.build.json) and measured as the image runs it, `node dist/main.js`: a TypeScript
 * loader would add its compiler and its esbuild process to the bridge's memory and CPU.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { BRIDGE_MAIN, CACHE_DIR, ROOT, TSC } from '../paths.js';

export interface BridgeSource {
  main: string;
  version: string;
}

function git(args: string[], input?: Buffer): Buffer {
  return execFileSync('git', args, { cwd: ROOT, ...(input ? { input } : {}), maxBuffer: 2 ** 30 });
}

export function bridgeSource(rev: string | undefined): BridgeSource {
  const relativeMain = path.relative(ROOT, BRIDGE_MAIN);
  if (rev === undefined) {
    const commit = git(['rev-parse', '--short', 'HEAD']).toString().trim();
    const dirty = git(['status', '--porcelain', '--', 'bridge']).toString().trim() !== '';
    const dir = path.join(CACHE_DIR, 'bridge-working-tree');
    rmSync(dir, { recursive: true, force: true });
    const skip = new Set(['node_modules', 'dist'].map((name) => path.join(ROOT, 'bridge', name)));
    cpSync(path.join(ROOT, 'bridge'), path.join(dir, 'bridge'), { recursive: true, filter: (source) => !skip.has(source) });
    cpSync(path.join(ROOT, 'tsconfig.base.json'), path.join(dir, 'tsconfig.base.json'));
    linkModules(dir);
    return { main: compile(dir), version: `${commit}${dirty ? ' with uncommitted changes in bridge/' : ''} (working tree)` };
  }
  const commit = git(['rev-parse', '--verify', `${rev}^{commit}`]).toString().trim();
  const dir = path.join(CACHE_DIR, `bridge-${commit.slice(0, 12)}`);
  if (!existsSync(path.join(dir, relativeMain))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('tar', ['-x', '-C', dir], { input: git(['archive', '--format=tar', commit, 'bridge', 'tsconfig.base.json']) });
    linkModules(dir);
  }
  const compiled = path.join(dir, COMPILED_MAIN);
  return { main: existsSync(compiled) ? compiled : compile(dir), version: `${commit.slice(0, 12)} (--bridge-at ${rev})` };
}

/** The copy's compiled entry, relative to the copy. */
const COMPILED_MAIN = 'bridge/dist/main.js';

/** Builds the copy in `dir` as the image does (`tsc -p tsconfig.build.json`); returns its compiled entry. */
function compile(dir: string): string {
  try {
    execFileSync(process.execPath, [TSC, '-p', path.join(dir, 'bridge/tsconfig.build.json')], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    const output = (error as { stdout?: string }).stdout ?? '';
    throw new Error(`the bridge in ${dir} does not compile:\n${output.trim()}`);
  }
  return path.join(dir, COMPILED_MAIN);
}

/** The bridge's own node_modules (packages npm did not hoist), shared with the copy. */
function linkModules(dir: string): void {
  const modules = path.join(ROOT, 'bridge/node_modules');
  if (existsSync(modules)) symlinkSync(modules, path.join(dir, 'bridge/node_modules'));
}
