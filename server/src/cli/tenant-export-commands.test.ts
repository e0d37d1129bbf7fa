import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createCase } from '../../test/factories.js';
import { createBlobStore } from '../blobs/index.js';
import { withTenant } from '../db/database.js';
import { addAttachment } from '../cases/service.js';
import { cliConfig, openCliDatabase } from './context.js';
import type { Output } from './output.js';
import { runCli } from './run.js';

function capture(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, log: (line) => out.push(line), error: (line) => err.push(line) };
}

describe('amtsdesk tenant export / tenant import: moving a municipality to another installation', () => {
  const root = mkdtempSync(join(tmpdir(), 'amtsdesk-cli-export-'));
  const source = { AMTSDESK_DATA_DIR: join(root, 'alt') };
  const target = { AMTSDESK_DATA_DIR: join(root, 'neu') };
  const archive = join(root, 'musterstadt.tar.gz');
  let slug = '';

  before(async () => {
    const db = await openCliDatabase(cliConfig(source));
    try {
      const kase = await createCase(db);
      slug = kase.tenant.slug;
      const stored = await createBlobStore(cliConfig(source)).put(Readable.from([Buffer.from('%PDF-1.4 Antrag')]));
      await withTenant(db, { tenantId: kase.tenant.id }, (trx) =>
        addAttachment(trx, kase.tenant.id, kase.id, { fileName: 'Antrag.pdf', mimeType: 'application/pdf', sizeBytes: stored.sizeBytes, sha256: stored.sha256 }, { kind: 'system', id: null, name: 'Test' }));
    } finally {
      await db.close();
    }
    assert.equal(await runCli(['audit', 'checkpoint'], capture(), source), 0, 'a signed checkpoint to carry over');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('exports, imports into an empty installation, and audit verify passes there against the old checkpoints', async () => {
    const exported = capture();
    assert.equal(await runCli(['tenant', 'export', slug, '--out', archive], exported, source), 0, exported.err.join('\n'));
    assert.match(exported.out.join('\n'), /1 Vorgänge, \d+ Ereignisse, 1 Dateien/);
    assert.ok(existsSync(archive) && !existsSync(`${archive}.part`));

    const imported = capture();
    assert.equal(await runCli(['tenant', 'import', archive], imported, target), 0, imported.err.join('\n'));
    const text = imported.out.join('\n');
    assert.match(text, /1 Vorgänge, \d+ Ereignisse, 1 Dateien/);
    assert.match(text, /Neue erste Anmeldung für admin-.+ \(7 Tage gültig\): http/);
    assert.ok(existsSync(`${archive}.pruefpunkte.jsonl`) && existsSync(`${archive}.schluessel.pem`));

    const verified = capture();
    const code = await runCli(['audit', 'verify', '--tenant', slug, '--checkpoints', `${archive}.pruefpunkte.jsonl`, '--public-key', `${archive}.schluessel.pem`], verified, target);
    assert.equal(code, 0, verified.out.join('\n'));
    assert.match(verified.out.join('\n'), new RegExp(`OK      ${slug}: \\d+ Ereignisse, Kette unversehrt, bestätigt durch Prüfpunkt`));
  });

  it('refuses to import over an existing municipality, in German, exit code 2', async () => {
    const again = capture();
    assert.equal(await runCli(['tenant', 'import', archive], again, target), 2);
    assert.match(again.err.join('\n'), new RegExp(`Fehler: Die Kommune „${slug}“ gibt es in dieser Installation bereits`));
  });

  it('names what is missing on the command line', async () => {
    const missing = capture();
    assert.equal(await runCli(['tenant', 'export', '--out', archive], missing, source), 2);
    assert.match(missing.err.join('\n'), /Das Kürzel der Kommune fehlt/);
    const notAnArchive = capture();
    assert.equal(await runCli(['tenant', 'import', join(root, 'fehlt.tar.gz')], notAnArchive, target), 2);
    assert.match(notAnArchive.err.join('\n'), /kann nicht gelesen werden/);
  });
});
