// A demo-like world for the xdomea message tests: a municipality with umlauts in every name, a dog-tax
// case with two uploaded files, an outgoing message with a file, the applicant's reply with a file, a
// sent decision, closed through the real API. Blobs in the test app's real file store.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { withTenant } from '../src/db/database.js';
import { addAttachment } from '../src/cases/service.js';
import { receiveReply } from '../src/mailbox/inbound.js';
import { sendMessage } from '../src/mailbox/service.js';
import type { TestDatabase } from './db.js';
import { createTestApp, sessionHeaders, type TestApp } from './app.js';
import { createCase, createService, createTenant, createUser } from './factories.js';

const run = promisify(execFile);
const SYSTEM = { kind: 'system' as const, id: null, name: 'Test' };

/** Minimal but real file contents: a PDF header, a PNG signature. */
export const PDF_BYTES = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
export const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4c50000000049454e44ae426082', 'hex');

export const DOG_FORM_UMLAUTS = [
  { name: 'hund', label: 'Angaben zum Hund', formItems: [
    { name: 'rasse', label: 'Rasse', stringValue: 'Großer Münsterländer' },
    { name: 'rufname', label: 'Rufname', stringValue: 'Bärbel' },
    { name: 'geschlecht', label: 'Geschlecht', stringValue: 'Hündin' },
  ] },
  { name: 'steuerbefreiung', label: 'Steuerermäßigung beantragt', booleanValue: true },
];

export async function xdomeaWorld(t: TestDatabase) {
  const tenant = await createTenant(t.db, { name: 'Gemeinde Süderlügum' });
  const service = await createService(t.db, { tenant, name: 'Hundesteuer – Anmeldung für Hündinnen und Rüden' });
  const admin = await createUser(t.db, { tenant, roles: ['admin'], displayName: 'Jörg Überall' });
  const worker = await createUser(t.db, { tenant, roles: ['caseworker'], displayName: 'Käthe Müßig' });
  const test: TestApp = await createTestApp(t.db);
  return { tenant, service, test, headers: { admin: await sessionHeaders(t.db, admin), worker: await sessionHeaders(t.db, worker) } };
}
export type XdomeaWorld = Awaited<ReturnType<typeof xdomeaWorld>>;

async function api(w: XdomeaWorld, method: 'POST' | 'PUT', url: string, payload: unknown, headers = w.headers.worker) {
  const res = await w.test.app.inject({ method, url, headers, payload: payload as never });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function stored(w: XdomeaWorld, content: Buffer) {
  return w.test.blobs.put(Readable.from([content]));
}

/** A closed case with files, a message with a file, a reply with a file and a sent decision. */
export async function richCase(t: TestDatabase, w: XdomeaWorld) {
  const kase = await createCase(t.db, {
    tenant: w.tenant, serviceId: w.service.id, title: 'Anmeldung Hündin „Bärbel“ – Große Straße',
    applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Weißmüller', email: 'juergen.weissmueller@example.org',
      address: { street: 'Große Straße', houseNumber: '5', postalCode: '25923', city: 'Süderlügum' } },
    formData: DOG_FORM_UMLAUTS,
  });
  let version = 1;
  for (const action of ['accept', 'start']) version = (await api(w, 'POST', `/api/cases/${kase.id}/transitions`, { action, version })).version;

  const files = await withTenant(t.db, { tenantId: w.tenant.id }, async (trx) => {
    const add = async (fileName: string, mimeType: string, content: Buffer, kind?: string) => {
      const blob = await stored(w, content);
      return (await addAttachment(trx, w.tenant.id, kase.id, { fileName, mimeType, sizeBytes: blob.sizeBytes, sha256: blob.sha256, ...(kind ? { kind } : {}) } as never, SYSTEM)).id;
    };
    const impfpass = await add('Impfpass Bärbel.pdf', 'application/pdf', PDF_BYTES);
    const foto = await add('Foto Hündin.png', 'image/png', PNG_BYTES);
    const merkblatt = await add('Merkblatt Gebühren.pdf', 'application/pdf', Buffer.concat([PDF_BYTES, Buffer.from('% Merkblatt\n')]), 'message');
    const sent = await sendMessage(trx, w.tenant.id, kase.id, { subject: 'Rückfrage zur Größe', body: 'Bitte reichen Sie den Sachkundenachweis nach. Grüße aus Süderlügum', attachmentIds: [merkblatt], kind: 'message' }, SYSTEM, { blobs: w.test.blobs });
    const proof = await stored(w, Buffer.concat([PDF_BYTES, Buffer.from('% Sachkunde\n')]));
    await receiveReply(trx, w.tenant.id, kase.id, {
      subject: 'AW: Rückfrage zur Größe', body: 'Anbei der Nachweis. Mit freundlichen Grüßen, J. Weißmüller',
      attachments: [{ fileName: 'Sachkundenachweis Weißmüller.pdf', mimeType: 'application/pdf', sizeBytes: proof.sizeBytes, sha256: proof.sha256, scanStatus: 'clean' }],
      channel: 'portal', inReplyTo: sent.messageId,
    }, w.test.config.publicUrl);
    return { impfpass, foto, merkblatt };
  });

  const template = await api(w, 'POST', '/api/admin/decision-templates', { serviceId: w.service.id, kind: 'approval', name: 'Bewilligung Hündin', body: 'Ihr Antrag auf Anmeldung der Hündin wird bewilligt. Gemeinde Süderlügum' }, w.headers.admin);
  const decision = await api(w, 'POST', `/api/cases/${kase.id}/decisions`, { source: 'template', templateId: template.id });
  const current = await w.test.app.inject({ method: 'GET', url: `/api/cases/${kase.id}`, headers: w.headers.worker });
  const sentDecision = await api(w, 'POST', `/api/cases/${kase.id}/decisions/${decision.id}/send`, { version: current.json().version });
  const afterSend = await w.test.app.inject({ method: 'GET', url: `/api/cases/${kase.id}`, headers: w.headers.worker });
  await api(w, 'POST', `/api/cases/${kase.id}/transitions`, { action: 'close', version: afterSend.json().version });
  return { id: kase.id, caseNumber: kase.caseNumber, files, decisionId: decision.id as string, decisionAttachmentId: sentDecision.document.attachmentId as string };
}

/** The schemas of the oracle (shared/oracles beside the repository) where present, else the vendored copy. */
const REPO = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const ORACLE_SCHEMES = existsSync(join(REPO, '../shared/oracles/xdomea-3.0.0/schemes'))
  ? join(REPO, '../shared/oracles/xdomea-3.0.0/schemes')
  : join(REPO, 'server/schemas/xdomea-3.0.0');

/** The second, independent check: Debian's xmllint against the published schema. Resolves with its output; rejects on invalid. */
export async function xmllintSchema(xml: Buffer | string, family: 'AbgabeDurchfuehren' | 'AussonderungDurchfuehren'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xdomea-'));
  const file = join(dir, 'message.xml');
  await writeFile(file, xml);
  const { stderr } = await run('xmllint', ['--noout', '--nonet', '--schema', join(ORACLE_SCHEMES, `xdomea_3.0.0/xdomea-Nachrichten-${family}.xsd`), file]);
  return stderr;
}
