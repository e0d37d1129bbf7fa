import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { FsBlobStore } from '../../blobs/fs-blob-store.js';
import { SubmissionBudget } from '../attachments.js';
import { DEFAULT_INTAKE_LIMITS } from '../limits.js';
import { PDF } from '../../../test/intake-kit.js';
import { BAUMFAELLUNG_XML, depositEnvelope } from '../../../test/fixtures/intelliform.js';
import { DepositReader } from './deposit-reader.js';
import { SOAP_NS } from './xml.js';

const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');
const limits = { maxEnvelopeBytes: 10 * 1024 * 1024, preAuthBytes: 64 * 1024, maxTextBytes: 1024 * 1024 };

/** The envelope cut into pieces of `size` bytes: tags, entities, UTF-8 sequences and base64 split anywhere. */
function chunked(bytes: Buffer, size: number): Readable {
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) pieces.push(bytes.subarray(i, i + size));
  return Readable.from(pieces, { objectMode: false });
}

describe('intelliForm DepositReader: the same deposit however the network cuts it', () => {
  const envelope = Buffer.from(
    depositEnvelope({
      id: 'if-chunks-1',
      token: 'adkp_geheim&amp;1',
      customParameters: { formName: 'Baumf&#228;llung &amp; Ersatz' },
      extraAttachments: [{ id: 'PDF-Antrag', name: 'Antrag.pdf', contentType: 'application/pdf', content: PDF }],
    }).replace('<formId>', '<!-- Kommentar --><formId><![CDATA[]]>'),
    'utf8',
  );
  for (const size of [1, 3, 7, 4096, envelope.length]) {
    it(`pieces of ${size} bytes`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-reader-'));
      try {
        const blobs = new FsBlobStore(dir, 50 * 1024 * 1024);
        const reader = new DepositReader(chunked(envelope, size), limits);
        const credentials = await reader.readHeader(false);
        assert.deepEqual(credentials, { username: 'intelliform', password: 'adkp_geheim&1', digest: false });
        const data = await reader.readBody(blobs, new SubmissionBudget(DEFAULT_INTAKE_LIMITS));
        assert.equal(data.id, 'if-chunks-1');
        assert.equal(data.formId, 'baumfaellung-v2');
        assert.equal(data.customParameters.find((p) => p.key === 'formName')?.value, 'Baumfällung & Ersatz');
        assert.deepEqual(data.attachments.map((a) => [a.id, a.name, a.content?.sha256]), [
          ['XML-Daten', 'Antragsdaten.xml', sha(BAUMFAELLUNG_XML)],
          ['PDF-Antrag', 'Antrag.pdf', sha(PDF)],
        ]);
        assert.equal(data.attachments[0]!.attributes.length, 3);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('does not read past the pre-authentication window when the credentials are missing', async () => {
    const big = Buffer.from(`<?xml version="1.0"?><Envelope xmlns="${SOAP_NS}"><Header>${' '.repeat(200 * 1024)}</Header><Body/></Envelope>`);
    const reader = new DepositReader(chunked(big, 16 * 1024), limits);
    await assert.rejects(reader.readHeader(false), (e: { status: number }) => e.status === 401);
  });
});
