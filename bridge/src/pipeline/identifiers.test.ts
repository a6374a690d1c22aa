import { describe, expect, it } from 'vitest';
import { checkIdentifier, isIdentifier } from './identifiers.js';

describe('identifiers', () => {
  it.each(['temp-1', 'room1', 'solar-plant', 'a', 'A_b.c:d-e', '0day', 'x'.repeat(64)])('accepts %j', (id) => {
    expect(isIdentifier(id)).toBe(true);
  });

  it.each([
    'a,b=c d',
    '../x',
    'temp-1\n',
    "'; DROP TABLE readings; --",
    '',
    'x'.repeat(65),
    '-flag',
    '.hidden',
    '_private',
    'a b',
    'a"b',
    'a\\b',
    'a/b',
    'tëmp',
    'a\u0000b',
    '__proto__',
  ])('refuses %j', (id) => {
    expect(isIdentifier(id)).toBe(false);
  });

  it('names the source and the rule in the detail, with the value escaped', () => {
    const result = checkIdentifier('payload deviceId', 'temp-1\n');
    expect(result).toEqual({
      ok: false,
      rejection: {
        reason: 'invalid_identifier',
        detail:
          'payload deviceId "temp-1\\n" is not a valid identifier: use 1–64 characters from letters, digits, "_", ".", ":" and "-", starting with a letter or digit.',
      },
    });
  });
});
