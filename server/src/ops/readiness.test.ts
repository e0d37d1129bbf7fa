import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp } from '../../test/app.js';
import { createS3Client, S3BlobStore } from '../blobs/s3-blob-store.js';
import { notReadyReason } from './readiness.js';

describeEachDatabase('/readyz: database, schema and blob store', (t) => {
  it('is ready on a migrated database with a working store', async () => {
    const { app, close } = await createTestApp(t.db);
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    assert.equal(res.statusCode, 200);
    await close();
  });

  it('is not ready while a migration this release ships is pending, and names it', async () => {
    const [latest] = await t.adminQuery<{ name: string }>('select name from schema_migrations order by name desc limit 1');
    await t.adminQuery('delete from schema_migrations where name = $1', [latest!.name]);
    const { app, close } = await createTestApp(t.db);
    try {
      const res = await app.inject({ method: 'GET', url: '/readyz' });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json().code, 'unavailable');
      assert.match(res.json().detail, new RegExp(`1 Migration\\(en\\) ausstehend \\(zuerst ${latest!.name}\\).*amtsdesk migrate`));
    } finally {
      await t.adminQuery('insert into schema_migrations (name) values ($1)', [latest!.name]);
      await close();
    }
  });

  it('counts a schema from before the readiness grant (0051) as behind, not as a broken database', async () => {
    await t.adminQuery('revoke select on schema_migrations from amtsdesk_app');
    try {
      const reason = await notReadyReason(t.db, { has: async () => false } as never);
      assert.equal(reason?.check, 'schema');
      assert.match(reason!.detail, /zuerst 0051_readiness_and_outbox_lag\.sql/);
    } finally {
      await t.adminQuery('grant select on schema_migrations to amtsdesk_app');
    }
  });
});

describe('/readyz with an unreachable blob store', () => {
  it('answers 503 naming the store', async (ctx) => {
    const { createTestDatabase } = await import('../../test/db.js');
    const test = await createTestDatabase('pglite');
    ctx.after(() => test.close());
    const store = new S3BlobStore({
      client: createS3Client({ region: 'eu-central-1', endpoint: 'http://127.0.0.1:1', forcePathStyle: true, credentials: { accessKeyId: 'x', secretAccessKey: 'y' } }),
      bucket: 'amtsdesk',
      spoolDir: mkdtempSync(join(tmpdir(), 'amtsdesk-spool-')),
      defaultMaxBytes: 1024,
    });
    const reason = await notReadyReason(test.db, store);
    assert.equal(reason?.check, 'store');
    assert.equal(reason?.detail, 'Der Dateispeicher antwortet nicht.');
  });
});
