import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScopeCache } from './cache.js';

describe('dashboard figure cache', () => {
  it('computes once per tenant and scope within the stated time, again after it', async () => {
    const cache = new ScopeCache<number>(60_000);
    let computed = 0;
    const compute = async () => ++computed;
    assert.deepEqual(await cache.get('t1', ['b', 'a'], compute, 1000), { value: 1, at: 1000 });
    assert.deepEqual(await cache.get('t1', ['a', 'b'], compute, 30_999), { value: 1, at: 1000 }, 'same scope in another order');
    assert.equal((await cache.get('t1', ['a'], compute, 2000)).value, 2, 'another scope has its own figures');
    assert.equal((await cache.get('t2', ['a', 'b'], compute, 2000)).value, 3, 'another tenant has its own figures');
    assert.deepEqual(await cache.get('t1', ['a', 'b'], compute, 61_000), { value: 4, at: 61_000 }, 'older than 60 s: computed again');
  });

  it('refreshes in the background past half its time, so a steady caller never waits and never gets figures older than stated', async () => {
    const cache = new ScopeCache<number>(60_000);
    let computed = 0;
    let release = () => {};
    const slow = () => new Promise<number>((resolve) => { computed++; release = () => resolve(computed); });
    const first = cache.get('t', [], slow, 0);
    release();
    assert.deepEqual(await first, { value: 1, at: 0 });
    assert.deepEqual(await cache.get('t', [], slow, 29_999), { value: 1, at: 0 }, 'young: no refresh');
    assert.equal(computed, 1);
    // Past half the time: answered at once with the cached figures while the refresh is pending.
    assert.deepEqual(await cache.get('t', [], slow, 30_000), { value: 1, at: 0 });
    assert.deepEqual(await cache.get('t', [], slow, 31_000), { value: 1, at: 0 }, 'one refresh at a time');
    assert.equal(computed, 2);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await cache.get('t', [], slow, 59_000), { value: 2, at: 30_000 }, 'the refreshed figures, dated when the refresh began');
    assert.equal(computed, 2);
  });

  it('keeps the cached figures when a background refresh fails, until they expire', async () => {
    const cache = new ScopeCache<number>(60_000);
    await cache.get('t', [], async () => 1, 0);
    assert.equal((await cache.get('t', [], () => Promise.reject(new Error('timeout')), 40_000)).value, 1);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal((await cache.get('t', [], async () => 2, 41_000)).value, 1, 'a failed refresh may be retried, the old figures are served meanwhile');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(await cache.get('t', [], async () => 3, 42_000), { value: 2, at: 41_000 });
    assert.deepEqual(await cache.get('t', [], async () => 4, 101_001), { value: 4, at: 101_001 }, 'expired: computed again while the caller waits');
  });

  it('shares one computation between concurrent callers and forgets a failed one', async () => {
    const cache = new ScopeCache<number>(60_000);
    let computed = 0;
    const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(++computed), 10));
    const [a, b] = await Promise.all([cache.get('t', [], slow, 0), cache.get('t', [], slow, 1)]);
    assert.equal(a.value, 1);
    assert.equal(b.value, 1);
    await assert.rejects(cache.get('u', [], () => Promise.reject(new Error('database gone')), 0));
    assert.equal((await cache.get('u', [], async () => 42, 1)).value, 42);
  });

  it('forgets the scope asked about longest ago when full', async () => {
    const cache = new ScopeCache<string>(60_000, 2);
    await cache.get('t1', [], async () => 'one', 0);
    await cache.get('t2', [], async () => 'two', 0);
    await cache.get('t3', [], async () => 'three', 0);
    assert.equal((await cache.get('t1', [], async () => 'again', 1)).value, 'again');
  });
});
