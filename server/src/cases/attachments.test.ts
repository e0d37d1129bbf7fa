import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { describeEachDatabase } from '../../test/db.js';
import { createCase } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { call, deskTenant } from '../../test/case-kit.js';
import { withTenant } from '../db/database.js';
import { addAttachment } from './service.js';

/** A real HTTP GET that reports whether the response arrived complete. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; complete: boolean; body: Buffer }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const req = request(url, { headers }, (res) => {
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => {});
      res.on('close', () => resolve({ status: res.statusCode ?? 0, complete: res.complete, body: Buffer.concat(chunks) }));
    });
    req.on('error', () => resolve({ status: 0, complete: false, body: Buffer.concat(chunks) }));
    req.end();
  });
}

describeEachDatabase('case attachments', (t) => {
  let api: TestApp;
  let desk: Awaited<ReturnType<typeof deskTenant>>;
  let baseUrl: string;
  before(async () => {
    api = await createTestApp(t.db);
    desk = await deskTenant(t.db);
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  });
  after(() => api.close());

  async function attach(content: Buffer, fileName: string, mimeType: string) {
    const { id: caseId } = await createCase(t.db, { tenant: desk.tenant, serviceId: desk.service.id });
    const stored = await api.blobs.put(Readable.from([content]));
    const { id } = await withTenant(t.db, { tenantId: desk.tenant.id }, (trx) =>
      addAttachment(trx, desk.tenant.id, caseId, { fileName, mimeType, sizeBytes: stored.sizeBytes, sha256: stored.sha256 }, { kind: 'system', id: null, name: 'Test' }),
    );
    return { caseId, id, sha256: stored.sha256, url: `/api/cases/${caseId}/attachments/${id}/content` };
  }

  it('lists the attachment on the case and returns its exact bytes with safe headers', async () => {
    const content = randomBytes(300_000);
    const file = await attach(content, 'Lageplan Grundstück.pdf', 'application/pdf');
    const detail = await call(api.app, 'GET', `/api/cases/${file.caseId}`, desk.headers);
    assert.deepEqual(detail.body.attachments.map((a: { id: string; fileName: string; sizeBytes: number }) => [a.id, a.fileName, a.sizeBytes]),
      [[file.id, 'Lageplan Grundstück.pdf', 300_000]]);

    const res = await rawGet(`${baseUrl}${file.url}?download=1`, desk.headers);
    assert.equal(res.status, 200);
    assert.equal(res.complete, true);
    assert.ok(res.body.equals(content), 'the downloaded bytes are the stored bytes');
    // A file from outside is always a download (issue #12), also when a link asks for no download.
    for (const url of [file.url, `${file.url}?download=0`, `${file.url}?download=1`]) {
      const res = await api.app.inject({ method: 'GET', url, headers: desk.headers });
      assert.equal(res.headers['content-type'], 'application/pdf', url);
      assert.equal(res.headers['content-length'], '300000', url);
      assert.equal(res.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(res.headers['content-disposition'], `attachment; filename="Lageplan Grundstuck.pdf"; filename*=UTF-8''Lageplan%20Grundst%C3%BCck.pdf`, url);
      assert.match(String(res.headers['content-security-policy']), /^sandbox;/, url);
    }
  });

  for (const size of [64, 300_000]) {
    it(`a corrupted stored file (${size} bytes, same length) never arrives as a complete response`, async () => {
      const content = randomBytes(size);
      const file = await attach(content, 'nachweis.bin', 'application/octet-stream');
      const corrupted = Buffer.from(content);
      corrupted[size - 1] = corrupted[size - 1]! ^ 0xff;
      await writeFile(join(api.config.dataDir, 'blobs', file.sha256.slice(0, 2), file.sha256.slice(2, 4), file.sha256), corrupted);
      const res = await rawGet(`${baseUrl}${file.url}`, desk.headers);
      assert.ok(!(res.status === 200 && res.complete), 'a corrupted file must not be delivered as a complete 200 response');
      assert.ok(!res.body.equals(corrupted), 'the corrupted bytes are not handed out in full');
    });
  }

  it('an unknown attachment id of an existing case answers 404', async () => {
    const file = await attach(Buffer.from('hallo'), 'a.txt', 'text/plain');
    const res = await call(api.app, 'GET', `/api/cases/${file.caseId}/attachments/${crypto.randomUUID()}/content`, desk.headers);
    assert.equal(res.status, 404);
    assert.match(res.body.detail, /Anlage/);
  });
});
