/*
 * The bridge's live view (src/live-view): one browser bundle with React, @emotion/css and the parts
 * of @grafana/data it uses, next to its page and @grafana/ui's icons, in dist-live-view/, which the
 * bridge serves at `/` (no CDN, works offline). `npm run build:live-view`; `npm start` and
 * `npm test` run it first when the sources are newer than the bundle (scripts/bootstrap.mjs).
 */
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

import { BROWSER_BUNDLE } from '../bundler/browser-bundle.js';

const root = path.resolve(import.meta.dirname, '../..');
export const LIVE_VIEW_OUT = path.join(root, 'dist-live-view');
const ICONS = path.join(root, '../node_modules/@grafana/ui/dist/public/img/icons/unicons');

export async function buildLiveView(outDir = LIVE_VIEW_OUT): Promise<void> {
  fs.rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: [path.join(root, 'src/live-view/main.tsx')],
    outfile: path.join(outDir, 'live-view.js'),
    ...BROWSER_BUNDLE,
    legalComments: 'none',
    loader: { '.css': 'empty', '.svg': 'empty', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty', '.png': 'empty' },
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  fs.copyFileSync(path.join(root, 'src/live-view/index.html'), path.join(outDir, 'index.html'));
  fs.cpSync(ICONS, path.join(outDir, 'icons/unicons'), { recursive: true });
}

if (process.argv[1] === import.meta.filename) {
  await buildLiveView();
  process.stdout.write(`live view built in ${path.relative(process.cwd(), LIVE_VIEW_OUT)}\n`);
}
