import { it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import { describeEachDatabase } from '../../test/db.js';
import { loadConfig } from '../config.js';
import { buildApp } from '../main/app.js';
import { FsBlobStore } from '../blobs/fs-blob-store.js';
import { MIGRATIONS_DIR, runMigrations } from '../db/migrate.js';

describeEachDatabase('an instance on a schema newer than it knows', (t) => {
  it('is unready (503 problem+json) with one clear log line, and ready again once the schema is one it knows', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-schema-'));
    const lines: string[] = [];
    const config = loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    const app = await buildApp({ db: t.db, config, blobs: new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes) }, { logStream: { write: (l) => lines.push(l) } });
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
      // A newer version migrated the database while this instance was running (or before it started).
      await t.adminQuery(`insert into schema_migrations (name) values ('9999_from_a_newer_version.sql')`);
      const other = await buildApp({ db: t.db, config, blobs: new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes) }, { logStream: { write: (l) => lines.push(l) } });
      const res = await other.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.match(String(res.headers['content-type']), /application\/problem\+json/);
      assert.equal(res.json().code, 'unavailable');
      assert.match(res.json().detail, /neueres Schema/);
      await other.inject({ method: 'GET', url: '/readyz' });
      const logged = lines.filter((l) => l.includes('database schema is newer than this version'));
      assert.equal(logged.length, 1, 'one log line when the instance turns unready, not one per probe');
      assert.match(logged[0]!, /9999_from_a_newer_version\.sql/);
      await other.close();
    } finally {
      await t.adminQuery(`delete from schema_migrations where name = '9999_from_a_newer_version.sql'`);
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('several instances migrating at once: one migrates, the others wait and find nothing left to do (PostgreSQL)', async (ctx) => {
    if (t.kind !== 'postgres') return ctx.skip('PGlite is one process with one connection');
    const base = new URL(t.url!);
    const name = `amtsdesk_m_${Date.now().toString(36)}`;
    await t.adminQuery(`create database ${name}`);
    base.pathname = `/${name}`;
    const pools = [1, 2, 3].map(() => new pg.Pool({ connectionString: base.toString(), max: 1 }));
    const instances = pools.map((pool) => new Kysely<any>({ dialect: new PostgresDialect({ pool }) }));
    try {
      const applied = await Promise.all(instances.map((db) => runMigrations(db)));
      const counts = applied.map((a) => a.length).sort((a, b) => b - a);
      assert.equal(counts[0], readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql')).length, 'one instance applied every migration');
      assert.deepEqual(counts.slice(1), [0, 0], 'the others waited and applied nothing');
    } finally {
      // The database stays: the whole throwaway server goes at the end of the run.
      await Promise.all(instances.map((db) => db.destroy()));
    }
  });
});
