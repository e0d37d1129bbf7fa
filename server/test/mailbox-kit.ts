import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../src/config.js';
import { withTenant, type Database } from '../src/db/database.js';
import type { AppInstance } from '../src/http/app-types.js';
import { startOutboxWorker } from '../src/main/outbox.js';
import { createCase, createUser, type TestTenant } from './factories.js';
import { sessionHeaders } from './app.js';
import { PORTAL_COOKIE } from '../src/portal/sessions.js';

/** Test helpers for the mailbox and the portal: real worker rounds, the e-mail file sink, multipart bodies. */

/** Runs the outbox worker until nothing is due any more. */
export async function drainOutbox(db: Database, config: AppConfig, rounds = 10): Promise<void> {
  const worker = startOutboxWorker({ db, config, pollMs: 3_600_000 });
  try {
    for (let i = 0; i < rounds; i++) if ((await worker.runOnce()) === 0) break;
  } finally {
    await worker.stop();
  }
}

/** Quoted-printable soft line breaks and escapes undone, so links can be read from the .eml text. */
const decodeQp = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));

/** E-mails in the outbox file sink (<dataDir>/mail) to this address, decoded. */
export function mailsTo(config: AppConfig, address: string): string[] {
  const dir = join(config.dataDir, 'mail');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.eml'))
    .map((f) => decodeQp(readFileSync(join(dir, f), 'utf8')))
    .filter((text) => new RegExp(`^To: .*${address.replace(/[.+]/g, '\\$&')}`, 'mi').test(text));
}

export function loginTokens(mails: string[]): string[] {
  return mails.flatMap((m) => [...m.matchAll(/\/portal\/anmelden#token=([A-Za-z0-9_-]+)/g)].map((x) => x[1]!));
}

/** Signs into the portal with a link token; returns cookie + CSRF headers. */
export async function portalHeaders(app: AppInstance, token: string): Promise<Record<string, string>> {
  const res = await app.inject({ method: 'POST', url: '/api/portal/session', payload: { token } });
  if (res.statusCode !== 200) throw new Error(`portal sign-in failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.headers['set-cookie']).split(';')[0]!;
  if (!cookie.startsWith(`${PORTAL_COOKIE}=`)) throw new Error('no portal cookie');
  return { cookie, 'x-csrf-token': (res.json() as { csrfToken: string }).csrfToken };
}

export interface Part { name: string; value: string | Buffer; fileName?: string; contentType?: string }

export function multipart(parts: Part[]): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----amtsdesk${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.fileName ? `; filename="${p.fileName}"` : ''}`;
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${p.contentType ? `Content-Type: ${p.contentType}\r\n` : ''}\r\n`));
    chunks.push(Buffer.isBuffer(p.value) ? p.value : Buffer.from(p.value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/** A case of an applicant with this e-mail address (and optional mailbox), its assigned caseworker signed in. */
export async function applicantCase(db: Database, tenant: TestTenant, email: string, mailboxId?: string) {
  const user = await createUser(db, { tenant, roles: ['caseworker'], email: `sb-${Math.random().toString(36).slice(2)}@amt.example` });
  const created = await createCase(db, {
    tenant,
    applicant: { kind: 'person', firstName: 'Anna', lastName: 'Schmidt', email, ...(mailboxId ? { mailbox: { identifier: mailboxId, type: 'OSI' } } : {}) },
  });
  await withTenant(db, { tenantId: tenant.id }, (trx) => trx.updateTable('cases').set({ assignee_id: user.id }).where('id', '=', created.id).execute());
  return { caseId: created.id, caseNumber: created.caseNumber, user, headers: await sessionHeaders(db, user) };
}
