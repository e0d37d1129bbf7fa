import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
import { createCase } from '../../../test/factories.js';
import { databaseKinds } from '../../../test/db.js';
import { createBlobStore } from '../../blobs/index.js';
import { addAttachment } from '../../cases/service.js';
import { cliConfig, openCliDatabase } from '../../cli/context.js';
import type { Output } from '../../cli/output.js';
import { runCli } from '../../cli/run.js';
import { withTenant } from '../../db/database.js';
import { listTenants } from '../../tenants/provision.js';

function capture(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (line) => out.push(line), error: (line) => err.push(line) };
}

type Env = Record<string, string>;
const SYSTEM = { kind: 'system', id: null, name: 'Test' } as const;

async function freshPostgresUrl(): Promise<string> {
  const base = process.env.AMTSDESK_TEST_PG_URL!;
  const name = `amtsdesk_drill_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

async function attach(env: Env, tenantId: string, caseId: string, text: string): Promise<void> {
  const stored = await createBlobStore(cliConfig(env)).put(Readable.from([Buffer.from(text)]));
  const db = await openCliDatabase(cliConfig(env));
  try {
    await withTenant(db, { tenantId }, (trx) =>
      addAttachment(trx, tenantId, caseId, { fileName: 'Nachweis.pdf', mimeType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256 }, SYSTEM));
  } finally {
    await db.close();
  }
}

/**
 * What a user relies on after a restore, per municipality: cases with status and version, the
 * hash chain of their history, and every attachment's bytes hashed as read from the blob store.
 */
async function stateOf(env: Env): Promise<unknown> {
  const config = cliConfig(env);
  const store = createBlobStore(config);
  const db = await openCliDatabase(config);
  try {
    const state = [];
    for (const tenant of await listTenants(db)) {
      const rows = await withTenant(db, { tenantId: tenant.id }, async (trx) => ({
        cases: await trx.selectFrom('cases').select(['id', 'status', 'version']).orderBy('id').execute(),
        events: await trx.selectFrom('case_events').select(['seq', 'hash']).orderBy('seq').execute(),
        attachments: await trx.selectFrom('attachments').select(['id', 'case_id', 'sha256']).orderBy('id').execute(),
      }));
      const contentHashes = [];
      for (const a of rows.attachments) {
        const hash = createHash('sha256');
        for await (const chunk of await store.get(a.sha256)) hash.update(chunk as Buffer);
        contentHashes.push(hash.digest('hex'));
      }
      state.push({ slug: tenant.slug, ...rows, contentHashes });
    }
    return state;
  } finally {
    await db.close();
  }
}

async function auditVerify(env: Env): Promise<{ code: number; text: string }> {
  const out = capture();
  const code = await runCli(['audit', 'verify'], out, env);
  return { code, text: out.out.join('\n') };
}

for (const kind of databaseKinds()) {
  describe(`backup drill: back up, change, restore into a fresh installation [${kind}]`, () => {
    const root = mkdtempSync(join(tmpdir(), 'amtsdesk-drill-'));
    const backupDir = join(root, 'sicherung');
    const source: Env = { AMTSDESK_DATA_DIR: join(root, 'alt') };
    const target: Env = { AMTSDESK_DATA_DIR: join(root, 'neu') };
    let atBackup: unknown;
    let verifyAtBackup = '';
    let caseId = '';
    let tenantId = '';

    before(async () => {
      if (kind === 'postgres') {
        source.DATABASE_URL = await freshPostgresUrl();
        target.DATABASE_URL = await freshPostgresUrl();
      }
      const db = await openCliDatabase(cliConfig(source));
      try {
        const first = await createCase(db);
        const second = await createCase(db, { tenant: first.tenant });
        await createCase(db); // a second municipality
        caseId = first.id;
        tenantId = first.tenant.id;
        await db.close();
        await attach(source, tenantId, caseId, '%PDF-1.4 Antrag');
        await attach(source, tenantId, second.id, '%PDF-1.4 Meldebescheinigung');
      } catch (error) {
        await db.close().catch(() => {});
        throw error;
      }
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    it('writes a backup with a manifest of hashes', async () => {
      atBackup = await stateOf(source);
      const verified = await auditVerify(source);
      assert.equal(verified.code, 0, verified.text);
      verifyAtBackup = verified.text;
      const out = capture();
      assert.equal(await runCli(['backup', backupDir], out, source), 0, out.err.join('\n'));
      assert.match(out.out.join('\n'), /2 Kommunen, 3 Vorgänge, 2 Dateien/);
      const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
      assert.equal(manifest.engine, kind);
      assert.equal(manifest.blobs.length, 2);
    });

    it('after more changes at the source, restores exactly the backup point: cases, file hashes, audit verify', async () => {
      await attach(source, tenantId, caseId, '%PDF-1.4 nachgereicht nach der Sicherung');
      const db = await openCliDatabase(cliConfig(source));
      await createCase(db).finally(() => db.close());
      assert.notDeepEqual(await stateOf(source), atBackup, 'the source moved on after the backup');

      const out = capture();
      assert.equal(await runCli(['restore', backupDir], out, target), 0, out.err.join('\n'));
      assert.deepEqual(await stateOf(target), atBackup);
      const verified = await auditVerify(target);
      assert.equal(verified.code, 0, verified.text);
      assert.equal(verified.text, verifyAtBackup);
    });

    it('refuses to restore into an installation that is not empty, and changes nothing there', async () => {
      const before = await stateOf(source);
      const out = capture();
      assert.equal(await runCli(['restore', backupDir], out, source), 2);
      assert.match(out.err.join('\n'), /Fehler: Die Wiederherstellung wird abgelehnt: .* ist nicht leer.*Restore refused/);
      assert.deepEqual(await stateOf(source), before);
    });

    it('refuses a damaged backup before writing anything into the empty installation', async () => {
      const manifest = JSON.parse(readFileSync(join(backupDir, 'manifest.json'), 'utf8'));
      writeFileSync(join(backupDir, 'blobs', manifest.blobs[0].sha256), 'verändert');
      const empty: Env = { AMTSDESK_DATA_DIR: join(root, 'leer') };
      if (kind === 'postgres') empty.DATABASE_URL = await freshPostgresUrl();
      const out = capture();
      assert.equal(await runCli(['restore', backupDir], out, empty), 2);
      assert.match(out.err.join('\n'), /Fehler: Die Datei „blobs\/[0-9a-f]{64}“ der Sicherung ist verändert oder beschädigt/);
      const again = capture();
      assert.equal(await runCli(['restore', backupDir], again, empty), 2);
      assert.doesNotMatch(again.err.join('\n'), /nicht leer/, 'the refused restore left the target empty');
    });
  });
}
