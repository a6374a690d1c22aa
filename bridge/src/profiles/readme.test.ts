import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeProfile, loadProfiles, SHIPPED_PROFILES_DIR } from './index.js';

describe('bridge/profiles/README.md', () => {
  const readme = fs.readFileSync(path.join(SHIPPED_PROFILES_DIR, 'README.md'), 'utf8');

  it.each(loadProfiles().map((p) => [p.name, p] as const))('describes the shipped %s profile as it is', (_name, profile) => {
    expect(readme).toContain(describeProfile(profile));
  });

  it('shows the complete example exactly as the file holds it', () => {
    expect(readme).toContain(`\`\`\`yaml\n${fs.readFileSync(path.join(SHIPPED_PROFILES_DIR, 'production-machine.yaml'), 'utf8')}\`\`\``);
  });
});
