import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { coalescing } from './coalesce.js';

describe('coalescing look-ups', () => {
  it('answers a lone key at once, and keys asked for during a look-up together in the next one', async () => {
    const calls: string[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const lookup = coalescing(async (keys: string[]) => {
      calls.push(keys);
      if (calls.length === 1) await gate;
      return new Map(keys.filter((k) => k !== 'unbekannt').map((k) => [k, k.toUpperCase()]));
    });
    const first = lookup('a');
    const rest = [lookup('b'), lookup('c'), lookup('b'), lookup('unbekannt')];
    release();
    assert.equal(await first, 'A');
    assert.deepEqual(await Promise.all(rest), ['B', 'C', 'B', undefined]);
    assert.deepEqual(calls, [['a'], ['b', 'c', 'unbekannt']]);
  });

  it('a failed look-up fails its own callers only; the next one runs', async () => {
    let fail = true;
    const lookup = coalescing(async (keys: string[]) => {
      if (fail) throw new Error('Verbindung verloren');
      return new Map(keys.map((k) => [k, k.length]));
    });
    await assert.rejects(lookup('abc'), /Verbindung verloren/);
    fail = false;
    assert.equal(await lookup('abcd'), 4);
  });
});
