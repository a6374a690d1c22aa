import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The Node flags of the bridge's `start` script (bridge/package.json), the one place that says how
 * the bridge is run: the launcher and the bench pass the same ones, and a test holds the image to them.
 */
export function bridgeNodeFlags(bridgeDir: string): string[] {
  const manifest = JSON.parse(readFileSync(path.join(bridgeDir, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  return (manifest.scripts?.start ?? '').split(/\s+/).filter((word) => word.startsWith('--'));
}
