import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DurableQueue, type DurableQueueOptions } from './index.js';

let dir: string;
const open = (overrides: Partial<DurableQueueOptions> = {}) =>
  DurableQueue.open<{ n: number }>({
    dir,
    consumers: ['influx'],
    maxMessages: 1000,
    maxBytes: 1 << 30,
    syncIntervalMs: 50,
    ...overrides,
  });

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'queue-test-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('DurableQueue', () => {
  it('delivers appended items in order and forgets them once committed', () => {
    const queue = open();
    for (let n = 0; n < 10; n++) queue.append({ n });
    const first = queue.read('influx', 4);
    expect(first.items.map((i) => i.n)).toEqual([0, 1, 2, 3]);
    expect(queue.read('influx', 4).items.map((i) => i.n)).toEqual([0, 1, 2, 3]);
    queue.commit('influx', first.next);
    expect(queue.depth).toBe(6);
    expect(queue.read('influx', 100).items.map((i) => i.n)).toEqual([4, 5, 6, 7, 8, 9]);
    queue.close();
  });

  it('tells each consumer its oldest uncommitted item and how many wait for it', () => {
    const queue = open({ consumers: ['influx', 'other'] });
    expect(queue.peek('influx')).toBeUndefined();
    for (let n = 0; n < 3; n++) queue.append({ n });
    queue.commit('influx', queue.read('influx', 2).next);
    expect(queue.peek('influx')).toEqual({ n: 2 });
    expect([queue.pending('influx'), queue.pending('other')]).toEqual([1, 3]);
    queue.close();
  });

  it('replays uncommitted items after a reopen, and not the committed ones', () => {
    const queue = open();
    for (let n = 0; n < 5; n++) queue.append({ n });
    queue.commit('influx', queue.read('influx', 2).next);
    queue.close();
    const reopened = open();
    expect(reopened.depth).toBe(3);
    expect(reopened.read('influx', 100).items.map((i) => i.n)).toEqual([2, 3, 4]);
    reopened.append({ n: 5 });
    expect(reopened.read('influx', 100).items.map((i) => i.n)).toEqual([2, 3, 4, 5]);
    reopened.close();
  });

  it('cuts off a torn record left by a crash in the middle of an append', () => {
    const queue = open();
    for (let n = 0; n < 3; n++) queue.append({ n });
    queue.close();
    const segment = fs.readdirSync(dir).find((f) => f.startsWith('segment-'))!;
    fs.appendFileSync(path.join(dir, segment), Buffer.from([200, 0, 0, 0, 1, 2, 3]));
    const reopened = open();
    expect(reopened.depth).toBe(3);
    reopened.append({ n: 3 });
    expect(reopened.read('influx', 100).items.map((i) => i.n)).toEqual([0, 1, 2, 3]);
    reopened.close();
  });

  it('rolls segments and deletes them only when every consumer has passed them', () => {
    const queue = open({ consumers: ['influx', 'archive'], segmentBytes: 200 });
    for (let n = 0; n < 50; n++) queue.append({ n });
    const segments = () => fs.readdirSync(dir).filter((f) => f.startsWith('segment-')).length;
    const before = segments();
    expect(before).toBeGreaterThan(3);
    let batch = queue.read('influx', 50);
    expect(batch.items).toHaveLength(50);
    queue.commit('influx', batch.next);
    expect(segments()).toBe(before);
    batch = queue.read('archive', 50);
    expect(batch.items.map((i) => i.n)).toEqual([...Array(50).keys()]);
    queue.commit('archive', batch.next);
    expect(segments()).toBe(1);
    expect(queue.depth).toBe(0);
    queue.close();
    const reopened = open({ consumers: ['influx', 'archive'], segmentBytes: 200 });
    reopened.append({ n: 50 });
    expect(reopened.read('archive', 10).items).toEqual([{ n: 50 }]);
    reopened.close();
  });

  it('reports full at its limit and wakes a waiter when a commit frees space', async () => {
    const queue = open({ maxMessages: 3 });
    for (let n = 0; n < 3; n++) queue.append({ n });
    expect(queue.isFull).toBe(true);
    let woke = false;
    const waiting = queue.waitForSpace().then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    queue.commit('influx', queue.read('influx', 1).next);
    await waiting;
    expect(woke).toBe(true);
    expect(queue.isFull).toBe(false);
    queue.close();
  });

  it('counts bytes of uncommitted records and limits by bytes too', () => {
    const queue = open({ maxBytes: 100 });
    queue.append({ n: 1 });
    expect(queue.bytes).toBe(8 + JSON.stringify({ n: 1 }).length);
    while (!queue.isFull) queue.append({ n: 2 });
    expect(queue.bytes).toBeGreaterThanOrEqual(100);
    queue.commit('influx', queue.read('influx', 1000).next);
    expect(queue.bytes).toBe(0);
    queue.close();
  });

  it('keeps staged items off disk and out of reads until a flush writes them, in order, as whole records', () => {
    const queue = open();
    queue.append({ n: 0 });
    for (let n = 1; n <= 3; n++) queue.stage({ n: n === 2 ? 'ü€😀' : n } as unknown as { n: number });
    expect(queue.staged).toBe(3);
    expect(queue.pending('influx')).toBe(1);
    expect(queue.read('influx', 10).items).toEqual([{ n: 0 }]);
    const segment = path.join(dir, fs.readdirSync(dir).find((f) => f.startsWith('segment-'))!);
    const before = fs.statSync(segment).size;
    queue.flush();
    expect(queue.staged).toBe(0);
    expect(fs.statSync(segment).size).toBeGreaterThan(before);
    expect(queue.read('influx', 10).items).toEqual([{ n: 0 }, { n: 1 }, { n: 'ü€😀' }, { n: 3 }]);
    queue.close();
    // Reopening checks every record's length and checksum: the group is whole records.
    const reopened = open();
    expect(reopened.depth).toBe(4);
    reopened.close();
  });

  it('counts staged items towards its limits', () => {
    const queue = open({ maxMessages: 3 });
    queue.append({ n: 0 });
    queue.stage({ n: 1 });
    expect(queue.isFull).toBe(false);
    queue.stage({ n: 2 });
    expect(queue.isFull).toBe(true);
    expect(queue.depth).toBe(1);
    queue.close();
  });

  it('refuses to flush what was staged before a close, and writes none of it', () => {
    const queue = open();
    queue.append({ n: 0 });
    queue.stage({ n: 1 });
    queue.close();
    expect(() => queue.flush()).toThrow('queue is closed');
    expect(() => queue.stage({ n: 2 })).toThrow('queue is closed');
    const reopened = open();
    expect(reopened.read('influx', 10).items).toEqual([{ n: 0 }]);
    reopened.close();
  });

  it('serves recent records from memory with the same items and cursors as a read from disk', () => {
    const steps = (queue: DurableQueue<{ n: number }>) => {
      const seen: Array<{ items: number[]; next: unknown }> = [];
      let next = queue.read('influx', 7);
      for (let i = 0; i < 10 && next.items.length > 0; i++) {
        seen.push({ items: next.items.map((item) => item.n), next: next.next });
        next = queue.read('influx', 7, next.next);
      }
      return seen;
    };
    const queue = open({ segmentBytes: 200 });
    for (let n = 0; n < 12; n++) queue.append({ n });
    queue.stage({ n: 12 });
    queue.stage({ n: 13 });
    queue.flush();
    for (let n = 14; n < 30; n++) queue.append({ n });
    const fromMemory = steps(queue);
    // Written objects, not copies: nothing was read back from disk.
    const first = queue.read('influx', 1).items[0];
    queue.close();
    const reopened = open({ segmentBytes: 200 });
    const fromDisk = steps(reopened);
    expect(fromMemory.flatMap((s) => s.items)).toEqual([...Array(30).keys()]);
    expect(fromMemory).toEqual(fromDisk);
    expect(reopened.read('influx', 1).items[0]).toEqual(first);
    reopened.close();
  });
});
