import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderConfigTable, renderEnvExample } from './doc.js';
import { VARIABLES } from './variables.js';

describe('configuration documentation', () => {
  it('the README holds the generated table, so every variable is documented with its default', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    expect(readme).toContain(renderConfigTable());
    for (const name of Object.keys(VARIABLES)) expect(readme).toContain(`\`${name}\``);
  });

  it('.env.example holds the generated block of commented-out variables, with the same defaults and sentences', () => {
    const example = fs.readFileSync(path.resolve(import.meta.dirname, '../../../.env.example'), 'utf8');
    expect(example).toContain(renderEnvExample());
  });
});
