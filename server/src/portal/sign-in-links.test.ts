import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createTenant } from '../../test/factories.js';
import { loadConfig, type RateLimitConfig } from '../config.js';
import { applicantCase, drainOutbox, loginTokens, mailsTo } from '../../test/mailbox-kit.js';
import { settleLoginLinkRequests } from './service.js';

const rateLimits = (overrides: Partial<RateLimitConfig>): RateLimitConfig => ({ ...loadConfig({}).rateLimits, ...overrides });

describeEachDatabase('portal sign-in links: no enumeration, newest link only, limited e-mails', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db, {
      rateLimits: rateLimits({ portalLinkPerAddress: { max: 4, windowSeconds: 3600 }, portalMailsPerAddress: { max: 2, windowSeconds: 3600 } }),
    });
  });
  after(async () => h?.close());

  let client = 0;
  /** Each request from its own client address unless one is given, so per-client limits stay out of the way. */
  const requestLink = (email: string, remoteAddress = `192.0.2.${++client}`, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'POST', url: '/api/portal/login-links', payload: { email }, remoteAddress, headers });
  const redeem = (token: string) => h.app.inject({ method: 'POST', url: '/api/portal/session', payload: { token }, remoteAddress: `192.0.2.${++client}` });
  const mailsSettled = async (email: string) => {
    await settleLoginLinkRequests(t.db);
    await drainOutbox(t.db, h.config);
    return mailsTo(h.config, email).filter((m) => m.includes('30 Minuten'));
  };

  it('answers a known address as fast as an unknown one: the link is prepared only after the answer', async () => {
    const tenant = await createTenant(t.db);
    await applicantCase(t.db, tenant, 'bekannt@example.org');
    // Make preparing a link slow, as a busy database or many municipalities would.
    await t.adminQuery(`create function test_slow_link() returns trigger language plpgsql as $$ begin perform pg_sleep(2.5); return new; end $$`);
    await t.adminQuery('create trigger test_slow_link before insert on portal_login_links for each row execute function test_slow_link()');
    try {
      const timed = async (email: string) => {
        const started = performance.now();
        const res = await requestLink(email);
        return { res, ms: performance.now() - started };
      };
      const unknown = await timed('unbekannt@example.org');
      const known = await timed('bekannt@example.org');
      assert.equal(known.res.statusCode, 202);
      assert.deepEqual(known.res.json(), unknown.res.json());
      assert.ok(known.ms < 1500, `the known address was answered after ${known.ms.toFixed(0)} ms, the unknown one after ${unknown.ms.toFixed(0)} ms`);
      assert.equal((await mailsSettled('bekannt@example.org')).length, 1, 'the e-mail still goes out');
      assert.equal((await mailsSettled('unbekannt@example.org')).length, 0);
    } finally {
      await t.adminQuery('drop trigger test_slow_link on portal_login_links');
      await t.adminQuery('drop function test_slow_link()');
    }
  });

  it('requesting a new link invalidates the older ones', async () => {
    const tenant = await createTenant(t.db);
    await applicantCase(t.db, tenant, 'zweimal@example.org');
    await requestLink('zweimal@example.org');
    const [first] = loginTokens(await mailsSettled('zweimal@example.org'));
    await requestLink('zweimal@example.org');
    const tokens = loginTokens(await mailsSettled('zweimal@example.org'));
    assert.equal(tokens.length, 2);
    const second = tokens.find((token) => token !== first)!;
    const old = await redeem(first!);
    assert.equal(old.statusCode, 401);
    assert.equal(old.json().reason, 'invalid_link');
    assert.equal((await redeem(second)).statusCode, 200);
  });

  it('sends no more than the e-mail budget per address, and refuses further requests for it with 429 whether known or not', async () => {
    const tenant = await createTenant(t.db);
    await applicantCase(t.db, tenant, 'flut@example.org');
    for (let i = 0; i < 4; i++) {
      const known = await requestLink('flut@example.org');
      const unknown = await requestLink('niemand-flut@example.org');
      assert.equal(known.statusCode, 202, `request ${i + 1}`);
      assert.deepEqual(known.json(), unknown.json());
    }
    assert.equal((await mailsSettled('flut@example.org')).length, 2, 'two e-mails an hour, not four');
    const known = await requestLink('FLUT@example.org');
    const unknown = await requestLink('niemand-flut@example.org');
    assert.equal(known.statusCode, 429);
    assert.equal(known.json().code, 'rate_limited');
    assert.match(known.json().detail, /^Zu viele Anfragen nach einem Anmeldelink\. Bitte warten Sie/);
    assert.ok(Number(known.headers['retry-after']) >= 1);
    const { instance: _a, ...knownProblem } = known.json();
    const { instance: _b, ...unknownProblem } = unknown.json();
    assert.equal(unknown.statusCode, 429);
    assert.equal(knownProblem.code, unknownProblem.code);
    assert.equal(known.headers['retry-after'], unknown.headers['retry-after']);
  });

  it('limits link requests and redemptions per client; a forged X-Forwarded-For does not make a new client', async () => {
    const strict = await createTestApp(t.db, { rateLimits: rateLimits({ portalPerClient: { max: 3, windowSeconds: 900 } }) });
    try {
      const from = (i: number) =>
        strict.app.inject({ method: 'POST', url: '/api/portal/login-links', payload: { email: `streu-${i}@example.org` }, remoteAddress: '192.0.2.250', headers: { 'x-forwarded-for': `198.51.100.${i}` } });
      for (let i = 0; i < 3; i++) assert.equal((await from(i)).statusCode, 202);
      assert.equal((await from(3)).statusCode, 429);
      const guess = await strict.app.inject({ method: 'POST', url: '/api/portal/session', payload: { token: 'x'.repeat(43) }, remoteAddress: '192.0.2.250' });
      assert.equal(guess.statusCode, 429, 'redeeming counts into the same client budget');
    } finally {
      await strict.close();
    }
  });
});
