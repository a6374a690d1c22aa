import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.js';

describe('Coalescer', () => {
  it('keeps only the newest value per key between two drains, in the order keys first came', () => {
    const coalescer = new Coalescer<number>();
    for (let i = 0; i < 10; i++) coalescer.put('fast', i);
    coalescer.put('slow', 100);
    coalescer.put('fast', 10);
    expect(coalescer.size).toBe(2);
    expect(coalescer.drain()).toEqual([10, 100]);
    expect(coalescer.drain()).toEqual([]);
  });
});
