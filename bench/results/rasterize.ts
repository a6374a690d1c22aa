/**
 * SVG → PNG with the machine's Chromium (headless, one screenshot), so the plots need no npm
 * package that downloads native code. Without Chromium the SVG is kept beside where the PNG would be.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { findBinary } from '@sensorplus/stack';

const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--hide-scrollbars'];

/** Renders `svg` into pngFile (the SVG goes to scratchDir); returns why there is no PNG, if there is none. */
export function renderPng(svg: string, size: { width: number; height: number }, pngFile: string, scratchDir: string): string | undefined {
  const chromium = findBinary('chromium') ?? findBinary('chromium-browser') ?? findBinary('google-chrome');
  if (chromium === undefined) {
    writeFileSync(pngFile.replace(/\.png$/, '.svg'), svg);
    return `no Chromium on the PATH: ${path.basename(pngFile)} was written as SVG only`;
  }
  const svgFile = path.join(scratchDir, path.basename(pngFile).replace(/\.png$/, '.svg'));
  writeFileSync(svgFile, svg);
  const result = spawnSync(chromium, [...CHROMIUM_FLAGS, `--screenshot=${pngFile}`, `--window-size=${size.width},${size.height}`, `file://${svgFile}`], {
    encoding: 'utf8',
    timeout: 60_000,
  });
  return result.status === 0 ? undefined : `Chromium could not render ${path.basename(pngFile)}: ${result.stderr.split('\n').slice(-3).join(' ')}`;
}
