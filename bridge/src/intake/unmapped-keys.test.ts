import { describe, expect, it } from 'vitest';
import { OTHER_KEY, UnmappedKeyLabels } from './unmapped-keys.js';

describe('UnmappedKeyLabels', () => {
  it('names each key while the profile has few, then counts the rest together', () => {
    const labels = new UnmappedKeyLabels(2);
    expect(labels.labels('a', ['x', 'y'])).toEqual(['x', 'y']);
    expect(labels.labels('a', ['z', 'x'])).toEqual([OTHER_KEY, 'x']);
    expect(labels.labels('b', ['z'])).toEqual(['z']);
  });

  it('never makes a label of a key that is not an identifier', () => {
    const labels = new UnmappedKeyLabels();
    expect(labels.labels('a', ['__proto__', 'a b', 'x'.repeat(65), 'meta.rssi'])).toEqual([OTHER_KEY, OTHER_KEY, OTHER_KEY, 'meta.rssi']);
  });
});
