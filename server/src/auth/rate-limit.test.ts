import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createTenant } from '../../test/factories.js';
import { createUserWithPassword } from '../../test/auth.js';
import { loadConfig, type AppConfig, type RateLimitConfig } from '../config.js';
import { createOperator } from './operators.js';
import { openDatabase, type Database } from '../db/database.js';
import { sql } from 'kysely';

/** Small limits so that a test reaches them; everything else as configured by default. */
const limits = (overrides: Partial<RateLimitConfig>): Partial<AppConfig> => ({ rateLimits: { ...loadConfig({}).rateLimits, ...overrides } });

describeEachDatabase('rate limits kept in PostgreSQL, keyed on the real client', (t) => {
  const opened: TestApp[] = [];
  const app = async (overrides: Partial<AppConfig>, db: Database = t.db) => {
    const ta = await createTestApp(db, overrides);
    opened.push(ta);
    return ta;
  };
  /**
   * A second instance: on PostgreSQL its own connection pool, as another process would have; PGlite
   * is embedded in one process, so there the second app shares the database object.
   */
  let otherDb: Database | undefined;
  const secondInstance = async (overrides: Partial<AppConfig>) => {
    otherDb ??= t.url ? await openDatabase({ databaseUrl: t.url, migrate: false, poolSize: 2 }) : t.db;
    return app(overrides, otherDb);
  };
  after(async () => {
    for (const ta of opened) await ta.close();
    if (otherDb && otherDb !== t.db) await otherDb.close();
  });

  const login = (ta: TestApp, body: Record<string, unknown>, headers: Record<string, string> = {}, remoteAddress?: string) =>
    ta.app.inject({ method: 'POST', url: '/api/auth/login', payload: body, headers, ...(remoteAddress ? { remoteAddress } : {}) });

  let slug: string;
  before(async () => {
    slug = (await createTenant(t.db)).slug;
  });

  it('password spraying: many accounts from one client are stopped, and a forged X-Forwarded-For does not help without a trusted proxy', async () => {
    const ta = await app(limits({ loginPerClient: { max: 3, windowSeconds: 900 } }));
    const spray = (i: number) =>
      login(ta, { tenant: slug, email: `opfer-${i}@example.org`, password: 'Sommer2024!' }, { 'x-forwarded-for': `198.51.100.${i}` }, '192.0.2.10');
    for (let i = 0; i < 3; i++) assert.equal((await spray(i)).statusCode, 401);
    const limited = await spray(3);
    assert.equal(limited.statusCode, 429, 'a new X-Forwarded-For per attempt must not make a new client');
    assert.match(String(limited.headers['content-type']), /application\/problem\+json/);
    assert.equal(limited.json().code, 'rate_limited');
    assert.match(limited.json().detail, /^Zu viele Anmeldeversuche\. Bitte warten Sie \d+ (Sekunden|Minuten)/);
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 900, `Retry-After ${limited.headers['retry-after']}`);
    // Another client is not affected.
    assert.equal((await login(ta, { tenant: slug, email: 'opfer-9@example.org', password: 'x-beliebig-123' }, {}, '192.0.2.11')).statusCode, 401);
  });

  it('behind a trusted proxy the client named in X-Forwarded-For counts, whatever the client put in front of it', async () => {
    const ta = await app({ trustedProxies: ['10.0.0.0/8'], ...limits({ loginPerClient: { max: 2, windowSeconds: 900 } }) });
    const viaProxy = (client: string, i: number, forged = '') =>
      login(ta, { tenant: slug, email: `proxy-${client}-${i}@example.org`, password: 'falsch-falsch-1' }, { 'x-forwarded-for': `${forged}${client}` }, '10.1.2.3');
    assert.equal((await viaProxy('203.0.113.7', 0)).statusCode, 401);
    assert.equal((await viaProxy('203.0.113.7', 1, '203.0.113.99, ')).statusCode, 401);
    assert.equal((await viaProxy('203.0.113.7', 2, '198.51.100.1, ')).statusCode, 429, 'a forged left-hand entry does not make a new client');
    // The proxy itself is not the client: another person behind it still gets through.
    assert.equal((await viaProxy('203.0.113.8', 0)).statusCode, 401);
    // A peer that is not a trusted proxy cannot choose its address by header.
    const direct = (i: number) =>
      login(ta, { tenant: slug, email: `direkt-${i}@example.org`, password: 'falsch-falsch-1' }, { 'x-forwarded-for': `203.0.113.${50 + i}` }, '192.0.2.20');
    assert.equal((await direct(0)).statusCode, 401);
    assert.equal((await direct(1)).statusCode, 401);
    assert.equal((await direct(2)).statusCode, 429);
  });

  it('a second server instance on the same database sees the same counts', async () => {
    const config = limits({ loginPerAccount: { max: 4, windowSeconds: 900 } });
    const [one, two] = [await app(config), await secondInstance(config)];
    const user = await createUserWithPassword(t.db);
    const attempt = (ta: TestApp, i: number) => login(ta, { tenant: user.tenant.slug, email: user.email, password: `falsch-${i}-xxxxxx` }, {}, `192.0.2.${100 + i}`);
    for (let i = 0; i < 4; i++) assert.equal((await attempt(i % 2 === 0 ? one : two, i)).statusCode, 401);
    assert.equal((await attempt(one, 4)).statusCode, 429);
    assert.equal((await attempt(two, 5)).statusCode, 429);
    // Per account: even the right password waits now (the guesser must not learn it by trying on).
    const right = await login(two, { tenant: user.tenant.slug, email: user.email, password: user.password }, {}, '192.0.2.200');
    assert.equal(right.statusCode, 429);
  });

  it('successful sign-ins do not use up the budget of an address many people share', async () => {
    const ta = await app(limits({ loginPerClient: { max: 2, windowSeconds: 900 } }));
    const tenant = await createTenant(t.db);
    for (let i = 0; i < 5; i++) {
      const user = await createUserWithPassword(t.db, { tenant });
      assert.equal((await login(ta, { tenant: tenant.slug, email: user.email, password: user.password }, {}, '192.0.2.30')).statusCode, 200);
    }
  });

  it('operator sign-in is limited per account, across instances', async () => {
    const config = limits({ loginPerAccount: { max: 2, windowSeconds: 900 } });
    const [one, two] = [await app(config), await secondInstance(config)];
    const op = await createOperator(t.db, { email: 'betrieb-limit@rz.example', displayName: 'Betrieb', password: 'ein-langes-betriebs-passwort' });
    const attempt = (ta: TestApp, password: string, ip: string) =>
      ta.app.inject({ method: 'POST', url: '/api/platform/login', payload: { email: op.email, password }, remoteAddress: ip });
    assert.equal((await attempt(one, 'falsch-falsch-1', '192.0.2.41')).statusCode, 401);
    assert.equal((await attempt(two, 'falsch-falsch-2', '192.0.2.42')).statusCode, 401);
    const limited = await attempt(one, 'ein-langes-betriebs-passwort', '192.0.2.43');
    assert.equal(limited.statusCode, 429);
    assert.ok(Number(limited.headers['retry-after']) >= 1);
  });

  it('keeps no e-mail or IP address in clear, and the app role cannot read or reset the counters', async () => {
    const ta = await app({});
    await login(ta, { tenant: slug, email: 'klartext-pruefung@example.org', password: 'falsch-falsch-1' }, {}, '192.0.2.77');
    const rows = await t.adminQuery<{ key: string }>('select key from rate_limits');
    assert.ok(rows.length > 0);
    for (const { key } of rows) assert.match(key, /^([0-9a-f]{64}|token:[0-9a-f-]{36})$/);
    assert.ok(!JSON.stringify(rows).includes('klartext') && !JSON.stringify(rows).includes('192.0.2.77'));
    await assert.rejects(t.db.kysely.selectFrom('rate_limits' as never).selectAll().execute(), /permission denied/);
    await assert.rejects(t.db.kysely.deleteFrom('rate_limits' as never).execute(), /permission denied/);
  });

  it('deletes windows that have passed (run at most once a minute per instance, off the request path)', async () => {
    await t.adminQuery(`insert into rate_limits (key, window_start, expires_at, hits) values ('abgelaufen', now() - interval '2 hours', now() - interval '1 hour', 5)`);
    const { rows } = await sql<{ n: number }>`select rate_limits_purge() as n`.execute(t.db.kysely);
    assert.ok(rows[0]!.n >= 1);
    assert.equal((await t.adminQuery(`select 1 from rate_limits where key = 'abgelaufen'`)).length, 0);
    assert.ok((await t.adminQuery('select 1 from rate_limits where expires_at > now()')).length > 0, 'current windows stay');
  });
});
