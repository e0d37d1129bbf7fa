import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig, type AppConfig } from '../src/config.js';
import { FsBlobStore } from '../src/blobs/fs-blob-store.js';
import { withTenant, type Database } from '../src/db/database.js';
import { appendEvent } from '../src/events/chain.js';
import { enqueue } from '../src/outbox/enqueue.js';
import { uuidv7 } from '../src/shared/ids.js';
import { drainOutbox } from './mailbox-kit.js';
import { createCase, createService, createTenant, createUser, type TestTenant } from './factories.js';
import type { TestDatabase } from './db.js';
import { requestPurge } from '../src/records/purge/orders.js';
import { runPurgeOrders, type PurgeWorkerDeps } from '../src/records/purge/worker.js';

/** A data directory with a real file blob store and the outbox's e-mail file sink, as the server has. */
export function purgeWorld(db: Database): { config: AppConfig; blobs: FsBlobStore; deps: PurgeWorkerDeps } {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-purge-'));
  const config = loadConfig({ AMTSDESK_DATA_DIR: dataDir, LOG_LEVEL: 'silent', AMTSDESK_OUTBOUND_ALLOW: '127.0.0.1' });
  const blobs = new FsBlobStore(join(dataDir, 'blobs'), config.maxBlobBytes);
  // Grace 0: these files were written a moment ago; the race it guards against is not under test here.
  return { config, blobs, deps: { db, blobs, dataDir, blobGraceMs: 0 } };
}

const put = async (blobs: FsBlobStore, content: string | Buffer) => (await blobs.put(Readable.from([Buffer.from(content)]))).sha256;

/**
 * A closed case with the marker in every place personal data lives: applicant, form data, title,
 * files (content and name), notes, follow-ups, messages with an attachment, a sent decision with its
 * PDF, history payloads, a released hold's reason, a notification, an e-mail (outbox row and the
 * file the sink wrote), a webhook notice, and the parked submission it came from. One file's
 * content is shared with another case (sharedWith), so it must survive.
 */
export async function plantCase(t: TestDatabase, world: ReturnType<typeof purgeWorld>, marker: string, options: { tenant?: TestTenant; shared?: Buffer } = {}) {
  const tenant = options.tenant ?? (await createTenant(t.db));
  const service = await createService(t.db, { tenant, name: 'Hundesteuer' });
  const user = await createUser(t.db, { tenant, roles: ['caseworker'], email: `sb-${uuidv7()}@amt.example`, displayName: 'Max Sachbearbeiter' });
  const created = await createCase(t.db, {
    tenant, serviceId: service.id,
    applicant: { kind: 'person', firstName: `Anna ${marker}`, lastName: `Schmidt ${marker}`, email: `${marker}@buerger.example`, address: { street: `${marker}weg`, city: 'Kiel' } },
    formData: [{ name: 'hund', label: 'Hund', formItems: [{ name: 'name', label: 'Name', stringValue: `Bello ${marker}` }] }],
  });
  const caseId = created.id;
  const own = await put(world.blobs, `Ausweis von ${marker}`);
  const letter = await put(world.blobs, `%PDF Bescheid für ${marker}`);
  const shared = options.shared ? await put(world.blobs, options.shared) : null;
  await withTenant(t.db, { tenantId: tenant.id }, async (trx) => {
    const attachment = (id: string, sha256: string, fileName: string, kind = 'attachment') =>
      trx.insertInto('attachments').values({ id, tenant_id: tenant.id, case_id: caseId, file_name: fileName, mime_type: 'application/pdf', size_bytes: 10, sha256, kind }).execute();
    const ownId = uuidv7(); const letterId = uuidv7(); const sharedId = uuidv7();
    await attachment(ownId, own, `Ausweis_${marker}.pdf`);
    await attachment(letterId, letter, `Bescheid_${marker}.pdf`, 'decision');
    if (shared) await attachment(sharedId, shared, `Merkblatt_${marker}.pdf`);
    await trx.updateTable('cases').set({ title: `Antrag ${marker}`, status: 'closed', assignee_id: user.id }).where('id', '=', caseId).execute();
    await trx.insertInto('notes').values({ id: uuidv7(), tenant_id: tenant.id, case_id: caseId, author_id: user.id, body: `Notiz ${marker}` }).execute();
    await trx.insertInto('follow_ups').values({ id: uuidv7(), tenant_id: tenant.id, case_id: caseId, owner_id: user.id, due_date: '2030-01-01', subject: `Frist ${marker}`, created_by: user.id }).execute();
    const messageId = uuidv7();
    await trx.insertInto('messages').values({ id: messageId, tenant_id: tenant.id, case_id: caseId, direction: 'in', kind: 'reply', subject: `Betreff ${marker}`, body: `Text ${marker}`, channel: 'portal', created_by: null, created_by_name: `Anna ${marker}`, external_id: null, in_reply_to: null, outbox_id: null, failure_reason: null, sent_at: null, delivered_at: null, read_at: null }).execute();
    await trx.insertInto('message_attachments').values({ tenant_id: tenant.id, message_id: messageId, attachment_id: ownId, position: 0 }).execute();
    await trx.insertInto('decisions').values({ id: uuidv7(), tenant_id: tenant.id, case_id: caseId, template_id: null, kind: 'rejection', source: 'template', status: 'sent', text: `Ablehnung ${marker}`, pdf_sha256: letter, pdf_size_bytes: 10, attachment_id: letterId, requires_release: false, created_by: user.id, created_by_name: 'Max Sachbearbeiter', updated_at: new Date(), sent_at: new Date() }).execute();
    await trx.insertInto('notifications').values({ id: uuidv7(), tenant_id: tenant.id, user_id: user.id, kind: 'case.new', case_id: caseId }).execute();
    await trx.insertInto('legal_holds').values({ id: uuidv7(), tenant_id: tenant.id, case_id: caseId, reason: `Klage ${marker}`, set_by: user.id, set_by_name: 'Max Sachbearbeiter', set_at: new Date(), released_by: user.id, released_by_name: 'Max Sachbearbeiter', released_at: new Date(), release_reason: `Erledigt ${marker}` }).execute();
    const event = await appendEvent(trx, tenant.id, { caseId, type: 'case.status_changed', actor: { kind: 'user', id: user.id, name: 'Max Sachbearbeiter' }, data: { status: { from: 'decided', to: 'closed' }, reason: `Grund ${marker}` } });
    await enqueue(trx, tenant.id, 'email', { to: `${marker}@buerger.example`, subject: `Ihr Antrag ${marker}`, text: `Hallo ${marker}` }, { idempotencyKey: `portal_notice:${messageId}` });
    await enqueue(trx, tenant.id, 'domain_event', { eventType: 'case.status_changed', body: { caseId, applicant: marker } }, { idempotencyKey: `case.status_changed:${event.id}` });
  });
  await t.adminQuery(
    `insert into unrouted_submissions (id, channel, transaction_id, status, reason_code, reason, routing_hints, submission, resolution)
     values ($1, 'test', $2, 'routed', 'no_match', 'keine Zuständigkeit', $3::jsonb, $4::jsonb, $5::jsonb)`,
    [uuidv7(), `tx-${caseId}`, JSON.stringify({ name: marker }), JSON.stringify({ applicant: marker, attachments: [{ sha256: own }] }), JSON.stringify({ tenantId: tenant.id, caseId })],
  );
  await drainOutbox(t.db, world.config);
  return { tenant, caseId, caseNumber: created.caseNumber, user, blobs: { own, letter, shared } };
}

/** Orders the purge as the destruction list's approval does. */
export async function orderPurge(db: Database, tenantId: string, caseId: string): Promise<string> {
  return withTenant(db, { tenantId }, async (trx) =>
    (await requestPurge(trx, tenantId, { caseId, listId: uuidv7(), reason: 'Aufbewahrungsfrist abgelaufen', approvedBy: ['Erika Registratur', 'Otto Prüfer'] }))!,
  );
}

export const purgeNow = (world: ReturnType<typeof purgeWorld>) => runPurgeOrders(world.deps);

/**
 * Every place the marker could hide: each text-like column of every table (from
 * information_schema, so a table added later is searched too), every blob and every mail file.
 */
export async function findMarker(t: TestDatabase, world: ReturnType<typeof purgeWorld>, marker: string): Promise<string[]> {
  const columns = await t.adminQuery<{ table_name: string; column_name: string }>(
    `select c.table_name, c.column_name from information_schema.columns c
     join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name and tb.table_type = 'BASE TABLE'
     where c.table_schema = 'public' and (c.data_type in ('text', 'character varying', 'jsonb', 'json', 'tsvector', 'bytea') or c.data_type = 'ARRAY')
     order by 1, 2`,
  );
  const found: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await t.adminQuery<{ n: string | number }>(`select count(*) as n from "${table}" where "${column}"::text ilike $1`, [`%${marker}%`]);
    if (Number(rows[0]!.n) > 0) found.push(`${table}.${column}`);
  }
  const scan = (dir: string, label: string) => {
    if (!existsSync(dir)) return;
    for (const name of readdirSync(dir, { recursive: true }) as string[]) {
      const path = join(dir, name);
      if (statSync(path).isFile() && readFileSync(path).toString('latin1').toLowerCase().includes(marker.toLowerCase())) found.push(`${label}:${name}`);
    }
  };
  scan(join(world.config.dataDir, 'blobs'), 'blob');
  scan(join(world.config.dataDir, 'mail'), 'mail');
  return found;
}
