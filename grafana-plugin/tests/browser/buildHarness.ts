import { build } from 'esbuild';
import path from 'node:path';

/** Bundles the harness (React, @grafana/*, fixtures) into one script for the test page. */
export async function buildHarness(root: string, outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'harness.js');
  await build({
    entryPoints: [path.join(root, 'tests/browser/harness/entry.tsx')],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    jsx: 'transform',
    minify: true,
    sourcemap: false,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    loader: { '.css': 'empty', '.svg': 'dataurl', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'dataurl' },
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  return outfile;
}
