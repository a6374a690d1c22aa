#!/usr/bin/env node
/**
 * Writes the generated provisioning files (dashboards, Grafana alert rules, Prometheus alert rules)
 * from the TypeScript sources in src/. From the repository root:
 *
 *   npx tsx provisioning/src/generate.ts           # write the files (npm run generate -w @sensorplus/provisioning)
 *   npx tsx provisioning/src/generate.ts --check   # exit 1 if a committed file differs (npm run check -w …)
 *
 * The tests run the check too, so the committed files never drift from their sources.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAll } from './render.js';

const PROVISIONING_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const stale: string[] = [];
  for (const [path, content] of renderAll()) {
    const file = join(PROVISIONING_DIR, path);
    const current = readOrEmpty(file);
    if (current === content) continue;
    if (check) {
      stale.push(path);
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    process.stdout.write(`wrote ${relative(process.cwd(), file)}\n`);
  }
  if (stale.length > 0) {
    process.stderr.write(`out of date (run npx tsx provisioning/src/generate.ts): ${stale.join(', ')}\n`);
    return 1;
  }
  return 0;
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

process.exitCode = main(process.argv.slice(2));
