import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ScopeCache } from './cache.js';

describe('dashboard figure cache', () => {
  it('computes once per tenant and scope within the stated time, again after it', async () => {
    const cache = new ScopeCache<number>(60_000);
    let computed = 0;
    const compute = async () => ++computed;
    assert.deepEqual(await cache.get('t1', ['b', 'a'], compute, 1000), { value: 1, at: 1000 });
    assert.deepEqual(await cache.get('t1', ['a', 'b'], compute, 60_999), { value: 1, at: 1000 }, 'same scope in another order');
    assert.equal((await cache.get('t1', ['a'], compute, 2000)).value, 2, 'another scope has its own figures');
    assert.equal((await cache.get('t2', ['a', 'b'], compute, 2000)).value, 3, 'another tenant has its own figures');
    assert.deepEqual(await cache.get('t1', ['a', 'b'], compute, 61_000), { value: 4, at: 61_000 }, 'older than 60 s: computed again');
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
