import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.js';

describe('AMTSDESK_CLAMD setting', () => {
  it('is off unless set: unset, empty and "off" all mean no scanning', () => {
    for (const value of [undefined, '', '  ', 'off']) assert.equal(loadConfig({ AMTSDESK_CLAMD: value }).malwareScan, undefined, String(value));
  });

  it('reads tcp and unix addresses and the timeout', () => {
    assert.deepEqual(loadConfig({ AMTSDESK_CLAMD: 'tcp://clamav.intern:3310' }).malwareScan, { address: { kind: 'tcp', host: 'clamav.intern', port: 3310 }, timeoutMs: 30_000 });
    assert.deepEqual(loadConfig({ AMTSDESK_CLAMD: 'unix:/run/clamav/clamd.ctl', AMTSDESK_CLAMD_TIMEOUT_MS: '5000' }).malwareScan, { address: { kind: 'unix', path: '/run/clamav/clamd.ctl' }, timeoutMs: 5000 });
  });

  it('a typo stops the start with a message naming the setting instead of silently scanning nothing', () => {
    assert.throws(() => loadConfig({ AMTSDESK_CLAMD: 'clamav.intern:3310' }), /AMTSDESK_CLAMD: expected tcp:\/\/host:port or unix:\/path/);
    assert.throws(() => loadConfig({ AMTSDESK_CLAMD: 'tcp://clamav.intern:3310', AMTSDESK_CLAMD_TIMEOUT_MS: 'soon' }), /AMTSDESK_CLAMD_TIMEOUT_MS/);
  });
});
