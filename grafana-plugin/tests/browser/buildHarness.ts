import { build } from 'esbuild';
import path from 'node:path';

import { BROWSER_BUNDLE } from '../../.config/bundler/browser-bundle.js';

/** Bundles the harness (React, @grafana/*, fixtures) into one script for the test page. */
export async function buildHarness(root: string, outDir: string): Promise<string> {
  const outfile = path.join(outDir, 'harness.js');
  await build({
    entryPoints: [path.join(root, 'tests/browser/harness/entry.tsx')],
    outfile,
    ...BROWSER_BUNDLE,
    loader: { '.css': 'empty', '.svg': 'dataurl', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'dataurl' },
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  return outfile;
}
