import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createCase } from '../../test/factories.js';
import { FsBlobStore } from '../blobs/fs-blob-store.js';
import { addAttachment } from '../cases/service.js';
import { withTenant } from '../db/database.js';
import { cliConfig, openCliDatabase } from './context.js';
import type { Output } from './output.js';
import { runCli } from './run.js';

function capture(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (line) => out.push(line), error: (line) => err.push(line) };
}

describe('amtsdesk blobs gc (embedded database)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-cli-gc-'));
  const env = { AMTSDESK_DATA_DIR: dataDir };
  const blobs = new FsBlobStore(join(dataDir, 'blobs'), 1024 * 1024);
  const hashes = { referenced: '', orphan: '', fresh: '' };
  const pathOf = (sha256: string) => join(dataDir, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  const dayAndAHalfAgo = new Date(Date.now() - 36 * 3600_000);

  before(async () => {
    for (const key of Object.keys(hashes) as (keyof typeof hashes)[]) hashes[key] = (await blobs.put(Readable.from([randomBytes(800)]))).sha256;
    for (const old of [hashes.referenced, hashes.orphan]) utimesSync(pathOf(old), dayAndAHalfAgo, dayAndAHalfAgo);
    const db = await openCliDatabase(cliConfig(env));
    try {
      const kase = await createCase(db);
      await withTenant(db, { tenantId: kase.tenant.id }, (trx) =>
        addAttachment(trx, kase.tenant.id, kase.id, { fileName: 'Lageplan.pdf', mimeType: 'application/pdf', sizeBytes: 800, sha256: hashes.referenced }, { kind: 'system', id: null, name: 'Test' }),
      );
    } finally {
      await db.close();
    }
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('deletes only the unreferenced file past the grace period and reports the counts in German', async () => {
    const output = capture();
    const code = await runCli(['blobs', 'gc'], output, env);
    assert.equal(code, 0, output.err.join('\n'));
    assert.equal(await blobs.has(hashes.orphan), false);
    assert.equal(await blobs.has(hashes.referenced), true, 'a case still needs it');
    assert.equal(await blobs.has(hashes.fresh), true, 'inside the 24 h grace period');
    const text = output.out.join('\n');
    assert.match(text, /geprüft: 2/);
    assert.match(text, /gelöscht \(unbenutzt\):\s+1/);
    assert.match(text, /noch verwendet:\s+1/);
    assert.deepEqual(readdirSync(join(dataDir, 'blobs', 'tmp', 'gc')), []);
  });

  it('refuses a grace period under one hour (it could delete a running upload) with exit code 2', async () => {
    const output = capture();
    assert.equal(await runCli(['blobs', 'gc', '--grace-hours', '0.5'], output, env), 2);
    assert.match(output.err.join('\n'), /--grace-hours muss eine Zahl von mindestens 1/);
    assert.equal(await blobs.has(hashes.fresh), true);
  });
});
