import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REJECTION_REASONS } from './rejection.js';

describe('rejection reasons', () => {
  it('the README names every reason the bridge can give, and no other', () => {
    const readme = fs.readFileSync(path.resolve(import.meta.dirname, '../../../README.md'), 'utf8');
    const paragraph = readme.slice(readme.indexOf('Rejection reasons:'), readme.indexOf('Payload keys a'));
    const named = [...paragraph.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]);
    expect([...named].sort()).toEqual([...REJECTION_REASONS].sort());
  });
});
