import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { createHash } from 'node:crypto';
import { createTestDatabase, describeEachDatabase, type TestDatabase } from '../../../test/db.js';
import { createCase, createTenant, createUser } from '../../../test/factories.js';
import { FsBlobStore } from '../../blobs/fs-blob-store.js';
import { withTenant } from '../../db/database.js';
import { addAttachment } from '../../cases/service.js';
import { appendEvent } from '../../events/chain.js';
import { verifyTenantChain } from '../../events/verify.js';
import { createApiToken } from '../../auth/api-tokens.js';
import { createUserSession } from '../../auth/sessions.js';
import { sha256Hex, uuidv7 } from '../../shared/ids.js';
import { AppError } from '../../shared/errors.js';
import { exportTenant } from './exporter.js';
import { importTenant } from './importer.js';
import { readTar } from './tar.js';

const SYSTEM = { kind: 'system', id: null, name: 'Test' } as const;

describeEachDatabase('tenant export and import: leave the platform with everything, verifiably', (t) => {
  let target: TestDatabase;
  const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-export-test-'));
  const blobs = new FsBlobStore(join(dir, 'blobs-source'), 10_000_000);
  const targetBlobs = new FsBlobStore(join(dir, 'blobs-target'), 10_000_000);
  before(async () => {
    target = await createTestDatabase(t.kind);
  });
  after(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A municipality with cases, history, shared and own files, a reply thread, users with secrets. */
  async function municipality() {
    const tenant = await createTenant(t.db);
    const admin = await createUser(t.db, { tenant, roles: ['admin'], passwordHash: '$argon2id$v=19$PASSWORT-HASH-MARKE' });
    const worker = await createUser(t.db, { tenant, passwordHash: '$argon2id$v=19$PASSWORT-HASH-MARKE-2' });
    const cases: Array<Awaited<ReturnType<typeof createCase>>> = [];
    for (let i = 0; i < 3; i++) cases.push(await createCase(t.db, { tenant }));
    const shared = await blobs.put(Readable.from([Buffer.from('%PDF-1.4 Lageplan, in zwei Vorgängen')]));
    const own = await blobs.put(Readable.from([Buffer.from('%PDF-1.4 Hundepass von Anna Schmidt')]));
    const session = await createUserSession(t.db, tenant.id, worker.id, 1);
    const apiToken = await createApiToken(t.db, tenant.id, { name: 'Fachverfahren', scopes: ['cases:read'], createdBy: admin.id });
    await withTenant(t.db, { tenantId: tenant.id }, async (trx) => {
      const file = { fileName: 'Lageplan.pdf', mimeType: 'application/pdf', sizeBytes: shared.sizeBytes, sha256: shared.sha256 };
      await addAttachment(trx, tenant.id, cases[0]!.id, file, SYSTEM);
      await addAttachment(trx, tenant.id, cases[1]!.id, file, SYSTEM);
      await addAttachment(trx, tenant.id, cases[1]!.id, { ...file, fileName: 'Hundepass.pdf', sizeBytes: own.sizeBytes, sha256: own.sha256 }, SYSTEM);
      // The reply's id sorts first, so the archive lists it before the message it answers; the import restores the thread anyway.
      const reply = uuidv7();
      const question = uuidv7();
      await trx.insertInto('messages').values([
        { id: question, tenant_id: tenant.id, case_id: cases[2]!.id, direction: 'out', kind: 'message', subject: 'Rückfrage', body: 'Bitte Impfpass nachreichen', channel: 'portal', created_by_name: 'Max' },
        { id: reply, tenant_id: tenant.id, case_id: cases[2]!.id, direction: 'in', kind: 'reply', subject: 'Antwort', body: 'Anbei', channel: 'portal', in_reply_to: question, created_by_name: 'Anna' },
      ] as never).execute();
      await trx.insertInto('webhooks').values({ id: uuidv7(), tenant_id: tenant.id, url: 'https://fachverfahren.example/hook', secret: 'WEBHOOK-GEHEIMNIS-MARKE', event_types: ['case.created'], active: true } as never).execute();
      await appendEvent(trx, tenant.id, { caseId: null, type: 'tenant.provisioned', actor: SYSTEM, data: { note: 'Ereignis ohne Vorgang' } });
    });
    return { tenant, admin, worker, cases, shared, own, session, apiToken };
  }

  async function exportToFile(tenantId: string): Promise<string> {
    const file = join(dir, `${tenantId}.tar.gz`);
    const gzip = createGzip();
    const done = pipeline(gzip, createWriteStream(file));
    await exportTenant(t.db, blobs, tenantId, gzip, { spoolDir: join(dir, 'spool') });
    gzip.end();
    await done;
    return file;
  }

  async function archiveText(file: string): Promise<{ names: string[]; text: string }> {
    const names: string[] = [];
    const parts: Buffer[] = [];
    for await (const entry of readTar(createReadStream(file).pipe(createGunzip()))) {
      names.push(entry.name);
      for await (const part of entry.body) parts.push(part);
    }
    return { names, text: Buffer.concat(parts).toString('utf8') };
  }

  it('an export imported into a fresh installation has the same cases, history, files and a verifiable chain', async () => {
    const m = await municipality();
    const neighbour = await createCase(t.db, { tenant: await createTenant(t.db), title: 'NACHBARKOMMUNE-MARKE' } as never);
    const file = await exportToFile(m.tenant.id);

    const { names, text } = await archiveText(file);
    assert.equal(names[0], 'format.json');
    assert.equal(names.at(-1), 'manifest.json');
    for (const kase of m.cases) assert.ok(names.includes(`cases/${kase.id}.json`), 'one JSON per case');
    assert.ok(names.includes(`files/${m.shared.sha256}`) && names.includes(`files/${m.own.sha256}`));
    assert.equal(names.filter((n) => n === `files/${m.shared.sha256}`).length, 1, 'a shared file once');
    assert.ok(!text.includes('PASSWORT-HASH-MARKE'), 'no password hash');
    assert.ok(!text.includes('WEBHOOK-GEHEIMNIS-MARKE'), 'no webhook secret');
    assert.ok(!text.includes(sha256Hex(m.session.token)), 'no session token');
    assert.ok(!text.includes(sha256Hex(m.apiToken.token)), 'no API token hash');
    assert.ok(!text.includes(neighbour.tenant.id) && !text.includes(neighbour.caseNumber), 'nothing of another municipality');

    const result = await importTenant(target.db, targetBlobs, file);
    const count = async (db: TestDatabase, table: string) =>
      Number((await db.adminQuery<{ n: string }>(`select count(*) as n from ${table} where tenant_id = $1`, [m.tenant.id]))[0]!.n);
    for (const table of ['cases', 'case_events', 'attachments', 'messages', 'users', 'org_units', 'services', 'webhooks']) {
      assert.equal(await count(target, table), await count(t, table), `${table}: same number of rows`);
    }
    assert.equal(result.counts.cases, 3);
    const rowsOf = async (db: TestDatabase) =>
      (await db.adminQuery<{ row: unknown }>(`select to_jsonb(c) - 'search_vector' as row from cases c where tenant_id = $1 order by id`, [m.tenant.id])).map((r) => r.row);
    assert.deepEqual(await rowsOf(target), await rowsOf(t), 'case rows identical, column for column');
    for (const blob of [m.shared, m.own]) {
      const hash = createHash('sha256');
      for await (const part of await targetBlobs.get(blob.sha256)) hash.update(part as Buffer);
      assert.equal(hash.digest('hex'), blob.sha256, 'file content identical');
    }

    const report = await verifyTenantChain(target.db, m.tenant.id);
    assert.ok(report.ok, JSON.stringify(report.problems));
    assert.equal(report.events, (await verifyTenantChain(t.db, m.tenant.id)).events);

    const [user] = await target.adminQuery<{ password_hash: string | null }>('select password_hash from users where id = $1', [m.worker.id]);
    assert.equal(user!.password_hash, null, 'passwords stay behind');
    const admins = await t.adminQuery<{ email: string }>(`select email from users where tenant_id = $1 and 'admin' = any(roles) order by email`, [m.tenant.id]);
    assert.equal(admins.length, 2);
    assert.deepEqual(result.adminInvites.map((i) => i.email).sort(), admins.map((a) => a.email), 'every admin gets a new first sign-in link');
    const [invited] = await target.adminQuery<{ invite_token_hash: string }>('select invite_token_hash from users where id = $1', [m.admin.id]);
    assert.equal(invited!.invite_token_hash, sha256Hex(result.adminInvites.find((i) => i.email === m.admin.email)!.token));
    const [hook] = await target.adminQuery<{ active: boolean }>('select active from webhooks where tenant_id = $1', [m.tenant.id]);
    assert.equal(hook!.active, false, 'a webhook without its secret is imported switched off');
    assert.deepEqual(result.needsSecrets, [{ table: 'webhooks', count: 1 }]);
  });

  it('refuses to import over an existing municipality and changes nothing', async () => {
    const m = await municipality();
    const file = await exportToFile(m.tenant.id);
    await assert.rejects(importTenant(t.db, blobs, file), (error: unknown) => error instanceof AppError && error.code === 'tenant_exists' && /gibt es in dieser Installation bereits/.test(error.detail));
    const [{ n }] = (await t.adminQuery<{ n: string }>('select count(*) as n from cases where tenant_id = $1', [m.tenant.id])) as [{ n: string }];
    assert.equal(Number(n), 3);
  });

  it('refuses a damaged archive before writing anything', async () => {
    const m = await municipality();
    const file = await exportToFile(m.tenant.id);
    const { names } = await archiveText(file);
    const plain = join(dir, 'plain.tar');
    await pipeline(createReadStream(file), createGunzip(), createWriteStream(plain));
    const bytes = readFileSync(plain);
    const at = bytes.indexOf(Buffer.from('Bitte Impfpass nachreichen'));
    assert.ok(at > 0 && names.length > 0);
    bytes.write('Bitte Impfpass NACHREICHEN', at);
    const damaged = join(dir, 'damaged.tar');
    await pipeline(Readable.from([bytes]), createWriteStream(damaged));
    await assert.rejects(importTenant(target.db, targetBlobs, damaged), (error: unknown) => error instanceof AppError && error.code === 'export_invalid' && /beschädigt/.test(error.detail));
    const tenants = await target.adminQuery<{ n: string }>('select count(*) as n from tenants where id = $1', [m.tenant.id]);
    assert.equal(Number(tenants[0]!.n), 0, 'nothing of the damaged archive was written');
  });
});

