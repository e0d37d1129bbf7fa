import { it } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelayMs } from './backoff.js';

const settings = { baseMs: 1_000, maxMs: 3_600_000 };

it('doubles the delay per failed attempt, jittered into the upper half, and caps it at the maximum', () => {
  assert.equal(backoffDelayMs(1, settings, () => 1), 1_000);
  assert.equal(backoffDelayMs(1, settings, () => 0), 500);
  assert.equal(backoffDelayMs(4, settings, () => 1), 8_000);
  assert.equal(backoffDelayMs(30, settings, () => 1), 3_600_000);
  assert.equal(backoffDelayMs(500, settings, () => 0), 1_800_000);
});
