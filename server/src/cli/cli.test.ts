import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '../../test/db.js';
import { openDatabase, withPlatform, withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { verifyPassword } from '../auth/passwords.js';
import { findTenantBySlug, listTenants } from '../tenants/provision.js';
import { sha256Hex } from '../shared/ids.js';

const BIN = fileURLToPath(new URL('../../bin/amtsdesk.mjs', import.meta.url));
const PUBLIC_URL = 'https://amtsdesk.example';

/** Runs the real `amtsdesk` command as a child process. */
function amtsdesk(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, AMTSDESK_PUBLIC_URL: PUBLIC_URL, ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const tokenFrom = (stdout: string) => /\/einladung#token=([A-Za-z0-9_-]+)/.exec(stdout)?.[1];

describe('amtsdesk CLI on PostgreSQL', { skip: !process.env.AMTSDESK_TEST_PG_URL && 'needs AMTSDESK_TEST_PG_URL' }, () => {
  let t: TestDatabase;
  let env: Record<string, string>;
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-cli-'));
  before(async () => {
    t = await createTestDatabase('postgres');
    env = { DATABASE_URL: t.url!, AMTSDESK_DATA_DIR: dataDir };
  });
  after(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('tenant create provisions the tenant with its admin and prints the first-login link', async () => {
    const res = await amtsdesk(
      ['tenant', 'create', '--name', 'Gemeinde Klein Wesenberg', '--kind', 'municipality', '--ags', '01062036', '--admin-email', 'Admin@Klein-Wesenberg.example', '--admin-name', 'Uwe Möller'],
      env,
    );
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Kürzel:\s+gemeinde-klein-wesenberg/);
    const token = tokenFrom(res.stdout);
    assert.ok(token, `no link in: ${res.stdout}`);
    assert.ok(res.stdout.includes(`${PUBLIC_URL}/einladung#token=${token}`));
    const tenant = await findTenantBySlug(t.db, 'gemeinde-klein-wesenberg');
    assert.equal(tenant?.ags, '01062036');
    const admins = await withTenant(t.db, { tenantId: tenant!.id }, (trx) =>
      trx.selectFrom('users').select(['email', 'display_name', 'roles', 'invite_token_hash']).execute(),
    );
    assert.deepEqual(admins, [{ email: 'admin@klein-wesenberg.example', display_name: 'Uwe Möller', roles: ['admin'], invite_token_hash: sha256Hex(token!) }]);

    const list = await amtsdesk(['tenant', 'list'], env);
    assert.equal(list.code, 0);
    assert.match(list.stdout, /gemeinde-klein-wesenberg\s+01062036\s+municipality/);
  });

  it('a bad --ags is refused in German naming the field, with a non-zero exit and nothing created', async () => {
    const before = (await listTenants(t.db)).length;
    const res = await amtsdesk(['tenant', 'create', '--name', 'Amt Fehlerhaft', '--kind', 'office', '--ags', '0106', '--admin-email', 'a@fehler.example'], env);
    assert.notEqual(res.code, 0);
    assert.match(res.stderr, /Gemeindeschlüssel \(AGS\) muss aus 8 Ziffern bestehen/);
    assert.match(res.stderr, /--ags/);
    assert.equal(await findTenantBySlug(t.db, 'amt-fehlerhaft'), undefined);
    assert.equal((await listTenants(t.db)).length, before);
  });

  it('usage errors: a missing option and an unknown command exit 2 with a German hint', async () => {
    const missing = await amtsdesk(['tenant', 'create', '--name', 'Amt Ohne', '--kind', 'office', '--ags', '01062000'], env);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /Die Option --admin-email fehlt/);
    const unknown = await amtsdesk(['tenant', 'delete'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unbekannter Befehl/);
  });

  it('audit verify passes a clean chain and fails naming the seq of a tampered event', async () => {
    const created = await amtsdesk(['tenant', 'create', '--name', 'Stadt Prüfbar', '--kind', 'city', '--ags', '01003000', '--admin-email', 'it@pruefbar.example', '--slug', 'pruefbar'], env);
    assert.equal(created.code, 0, created.stderr);
    const tenant = (await findTenantBySlug(t.db, 'pruefbar'))!;
    const actor = { kind: 'system', id: null, name: 'Test' } as const;
    const events = await withTenant(t.db, { tenantId: tenant.id }, async (trx) => [
      await appendEvent(trx, tenant.id, { caseId: null, type: 'note.added', actor, data: { note: 'zwei' } }),
      await appendEvent(trx, tenant.id, { caseId: null, type: 'note.added', actor, data: { note: 'drei' } }),
    ]);
    assert.deepEqual(events.map((e) => e.seq), [2, 3]);

    const clean = await amtsdesk(['audit', 'verify', '--tenant', 'pruefbar'], env);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /OK\s+pruefbar: 3 Ereignisse/);

    await t.adminQuery(`update case_events set data = '{"note":"gefälscht"}' where tenant_id = $1 and seq = 2`, [tenant.id]);
    const tampered = await amtsdesk(['audit', 'verify'], env);
    assert.equal(tampered.code, 1);
    assert.match(tampered.stdout, new RegExp(`seq 2\\s+Ereignis ${events[0]!.id}\\s+hash_mismatch`));
    assert.ok(!/seq 3\b/.test(tampered.stdout), 'only the tampered event is named');
    assert.match(tampered.stdout, /OK\s+gemeinde-klein-wesenberg/, 'other tenants are still reported OK');
  });

  it('operator create stores an argon2id hash of the given or generated password', async () => {
    const given = await amtsdesk(['operator', 'create', '--email', 'Betrieb@RZ.example', '--name', 'Betrieb RZ'], { ...env, AMTSDESK_OPERATOR_PASSWORD: 'sehr-geheimes-passwort' });
    assert.equal(given.code, 0, given.stderr);
    assert.ok(!given.stdout.includes('sehr-geheimes-passwort'));
    const generated = await amtsdesk(['operator', 'create', '--email', 'zweite@rz.example', '--name', 'Zweite'], env);
    assert.equal(generated.code, 0, generated.stderr);
    const password = /Einmal-Passwort[^:]*: (\S+)/.exec(generated.stdout)?.[1];
    assert.ok(password);
    const rows = await withPlatform(t.db, (trx) => trx.selectFrom('operators').select(['email', 'password_hash']).orderBy('email').execute());
    const byEmail = Object.fromEntries(rows.map((r) => [r.email, r.password_hash]));
    assert.match(byEmail['betrieb@rz.example']!, /^\$argon2id\$/);
    assert.equal(await verifyPassword(byEmail['betrieb@rz.example'], 'sehr-geheimes-passwort'), true);
    assert.equal(await verifyPassword(byEmail['zweite@rz.example'], password!), true);
    const duplicate = await amtsdesk(['operator', 'create', '--email', 'betrieb@rz.example', '--name', 'Nochmal'], env);
    assert.equal(duplicate.code, 2);
    assert.match(duplicate.stderr, /existiert bereits|gibt bereits/);
  });
});

describe('amtsdesk CLI on the embedded database', () => {
  it('tenant create writes into PGlite in AMTSDESK_DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-cli-pglite-'));
    try {
      const env = { DATABASE_URL: '', AMTSDESK_DATA_DIR: dataDir };
      const res = await amtsdesk(['tenant', 'create', '--name', 'Amt Eingebettet', '--kind', 'office', '--ags', '01058000', '--admin-email', 'it@eingebettet.example'], env);
      assert.equal(res.code, 0, res.stderr);
      assert.ok(tokenFrom(res.stdout));
      const db = await openDatabase({ pgliteDir: join(dataDir, 'pgdata') });
      try {
        assert.equal((await findTenantBySlug(db, 'amt-eingebettet'))?.kind, 'office');
      } finally {
        await db.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
