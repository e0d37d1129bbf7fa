import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { createCase, createTenant } from '../../test/factories.js';
import { addAttachment } from '../cases/service.js';
import { withTenant } from '../db/database.js';
import { parkSubmission } from '../intake/unrouted-repository.js';
import { PDF, intakeWorld, multipart, ozgDocument } from '../../test/intake-kit.js';
import { sha256Hex, uuidv7 } from '../shared/ids.js';
import { collectGarbage, HOUR_MS } from './gc.js';

const KB = 1024;
const system = { kind: 'system' as const, id: null, name: 'Test' };
/** The collector's clock a day and an hour ahead: everything stored so far is past the 24 h grace period. */
const tomorrow = () => new Date(Date.now() + 25 * HOUR_MS);

describeEachDatabase('blob garbage collection', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db, { intake: { maxAttachmentBytes: 8 * KB, maxSubmissionBytes: 64 * KB, maxParts: 6, maxFormDepth: 12 } });
  });
  after(async () => h.close());

  const putRandom = async () => (await h.blobs.put(Readable.from([randomBytes(3000)]))).sha256;
  const gc = (now: Date) => collectGarbage({ db: t.db, blobs: h.blobs, now });

  it('keeps every blob a row still names: case attachment, decision PDF, letterhead logo, parked submission', async () => {
    const kase = await createCase(t.db);
    const [attachment, decisionPdf, logo, parked] = [await putRandom(), await putRandom(), await putRandom(), await putRandom()];
    await withTenant(t.db, { tenantId: kase.tenant.id }, async (trx) => {
      await addAttachment(trx, kase.tenant.id, kase.id, { fileName: 'Nachweis.pdf', mimeType: 'application/pdf', sizeBytes: 3000, sha256: attachment }, system);
      await trx.insertInto('decisions').values({
        id: uuidv7(), tenant_id: kase.tenant.id, case_id: kase.id, kind: 'approval', source: 'upload', text: null,
        pdf_sha256: decisionPdf, pdf_size_bytes: 3000, attachment_id: null, requires_release: false, created_by: null, created_by_name: 'Test',
      } as never).execute();
      await trx.insertInto('tenant_letterheads').values({ tenant_id: kase.tenant.id, name: 'Stadt Kiel', logo_sha256: logo, logo_mime_type: 'image/png' } as never).execute();
    });
    await parkSubmission(t.db, {
      channel: 'api', transactionId: `gc-${uuidv7()}`, applicant: { kind: 'person' }, formData: [], routing: { leikaKeys: [] },
      attachments: [{ fileName: 'Antrag.pdf', mimeType: 'application/pdf', declaredMimeType: null, sizeBytes: 3000, sha256: parked, kind: 'attachment', executable: false }],
    }, { code: 'no_tenant', text: 'Keine Kommune gefunden.' });
    const orphan = await putRandom();

    const result = await gc(tomorrow());
    for (const kept of [attachment, decisionPdf, logo, parked]) assert.equal(await h.blobs.has(kept), true, `${kept} was deleted`);
    assert.equal(await h.blobs.has(orphan), false, 'the unreferenced blob is gone');
    assert.ok(result.referenced >= 4 && result.deleted >= 1, JSON.stringify(result));
    // Still readable, byte for byte: the collector did not touch them.
    for await (const _chunk of await h.blobs.get(attachment)) void _chunk;
  });

  it('deletes an unreferenced blob past the grace period and keeps one still inside it (an upload may be about to commit)', async () => {
    const young = await putRandom();
    const now = new Date();
    const kept = await collectGarbage({ db: t.db, blobs: h.blobs, now, graceMs: 24 * HOUR_MS });
    assert.equal(await h.blobs.has(young), true, 'inside the grace period nothing is deleted');
    assert.equal(kept.deleted, 0);
    const later = await collectGarbage({ db: t.db, blobs: h.blobs, now: new Date(now.getTime() + 2 * HOUR_MS), graceMs: HOUR_MS });
    assert.equal(await h.blobs.has(young), false);
    assert.ok(later.deleted >= 1);
  });

  it('an OZG submission refused at its third (too large) file leaves orphans that the collector removes once past the grace period', async () => {
    const w = await intakeWorld(t, { ags: '01004011' });
    const first = Buffer.concat([PDF, Buffer.from('Mietvertrag Seite 1')]);
    const second = Buffer.concat([PDF, Buffer.from('Meldebescheinigung')]);
    const body = multipart([
      { name: 'formData', contentType: 'application/json', data: JSON.stringify(ozgDocument()) },
      { name: 'attachment', filename: 'mietvertrag.pdf', contentType: 'application/pdf', data: first },
      { name: 'attachment', filename: 'meldebescheinigung.pdf', contentType: 'application/pdf', data: second },
      { name: 'attachment', filename: 'zu-gross.pdf', contentType: 'application/pdf', data: Buffer.concat([PDF, Buffer.alloc(9 * KB, 0x41)]) },
    ]);
    const res = await h.app.inject({ method: 'POST', url: '/antrag', headers: { ...w.headers, ...body.headers }, payload: body.payload });
    assert.equal(res.statusCode, 413, res.body);
    const [firstHash, secondHash] = [sha256Hex(first), sha256Hex(second)];
    assert.equal(await h.blobs.has(firstHash), true, 'the first file was streamed into the store before the refusal');
    assert.equal(await h.blobs.has(secondHash), true);
    const rows = await t.adminQuery<{ n: number }>('select count(*)::int as n from attachments where sha256 in ($1, $2)', [firstHash, secondHash]);
    assert.equal(Number(rows[0]!.n), 0, 'no row points at them');

    await gc(new Date());
    assert.equal(await h.blobs.has(firstHash), true, 'the next regular run keeps them: still inside the grace period');
    const result = await gc(tomorrow());
    assert.equal(await h.blobs.has(firstHash), false);
    assert.equal(await h.blobs.has(secondHash), false);
    assert.ok(result.deleted >= 2);
  });

  it('keeps a blob only ANOTHER tenant refers to, although the first tenant cannot even see that row', async () => {
    const mine = await createTenant(t.db, { name: 'Gemeinde Altenholz', ags: '01058004' });
    const theirs = await createCase(t.db);
    const shared = await putRandom();
    await withTenant(t.db, { tenantId: theirs.tenant.id }, (trx) =>
      addAttachment(trx, theirs.tenant.id, theirs.id, { fileName: 'Grundriss.pdf', mimeType: 'application/pdf', sizeBytes: 3000, sha256: shared }, system),
    );
    const visibleToMine = await withTenant(t.db, { tenantId: mine.id }, (trx) => trx.selectFrom('attachments').select('id').where('sha256', '=', shared).execute());
    assert.deepEqual(visibleToMine, [], 'row-level security hides the other tenant’s row');
    await gc(tomorrow());
    assert.equal(await h.blobs.has(shared), true);
  });

  it('refuses to run (deleting nothing) if the reference check could be blinded by row-level security', async () => {
    const orphan = await putRandom();
    await t.adminQuery(`DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'amtsdesk_gc_blind') THEN CREATE ROLE amtsdesk_gc_blind NOLOGIN; END IF; END $$`);
    await t.adminQuery('ALTER FUNCTION blobs_referenced(text[]) OWNER TO amtsdesk_gc_blind');
    try {
      await assert.rejects(gc(tomorrow()), /row-level security/);
      assert.equal(await h.blobs.has(orphan), true);
    } finally {
      await t.adminQuery('ALTER FUNCTION blobs_referenced(text[]) OWNER TO CURRENT_USER');
    }
  });
});

