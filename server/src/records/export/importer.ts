import { sql } from 'kysely';
import { Readable } from 'node:stream';
import { withPlatform, type Database, type Trx } from '../../db/database.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { AppError } from '../../shared/errors.js';
import { randomToken, sha256Hex } from '../../shared/ids.js';
import { entryBuffer } from './tar.js';
import { archiveEntries, checkArchive } from './archive-check.js';
import { discoverTables, DISABLE_WITHOUT_SECRET, NOT_IMPORTED_TABLES, type ExportPlan, type TableInfo } from './tables.js';
import { insertRows, type Row } from './rows.js';

const BATCH = 500;
const CASE_BATCH = 100;
const ENTRY_LIMIT = 256 * 1024 * 1024;

export interface ImportResult {
  tenant: { id: string; slug: string; name: string };
  counts: Record<string, number>;
  /** Connections imported switched off because their secret was not exported. */
  needsSecrets: Array<{ table: string; count: number }>;
  /** Fresh first sign-in links for the active admins (their passwords were not exported). */
  adminInvites: Array<{ email: string; token: string }>;
  /** The tenant's signed checkpoints from the old installation (JSON Lines), for `audit verify --checkpoints`. */
  checkpoints: string[];
  publicKeyPem?: string;
}

/**
 * Restores an export into this installation: first the whole archive is checked (checkArchive),
 * then everything is written in one transaction, so a refused or failed import leaves nothing
 * behind but files in the blob store, which the blob collector removes (no row names them).
 */
export async function importTenant(db: Database, blobs: BlobStore, path: string): Promise<ImportResult> {
  const manifest = await checkArchive(path);
  return withPlatform(db, async (trx) => {
    const plan = await discoverTables(trx);
    const tables = new Map([...plan.before, ...plan.perCase, ...plan.after].map((t) => [t.name, t]));
    const counts: Record<string, number> = {};
    const count = (table: string, n: number) => (counts[table] = (counts[table] ?? 0) + n);
    const result: ImportResult = { tenant: manifest.tenant, counts, needsSecrets: [], adminInvites: [], checkpoints: [] };
    let bundles: Array<Record<string, Row[] | Row>> = [];
    const flushCases = async () => {
      for (const table of plan.perCase) {
        const rows = bundles.flatMap((b) => (table.name === 'cases' ? [b.case as Row] : ((b[table.name] as Row[] | undefined) ?? [])));
        await insertChecked(trx, table, rows, count);
      }
      bundles = [];
    };
    for await (const entry of archiveEntries(path)) {
      const [kind, name] = entry.name.split('/');
      if (entry.name === 'tenant.json') {
        await createTenant(trx, plan, JSON.parse((await entryBuffer(entry, ENTRY_LIMIT)).toString('utf8')) as Row);
      } else if (kind === 'tables') {
        if (bundles.length) await flushCases();
        const table = tables.get(name!);
        if (name === 'audit_checkpoints') {
          result.checkpoints.push(...linesOf(await entryBuffer(entry, ENTRY_LIMIT)).map((r) => String(r.statement)));
          count(name, result.checkpoints.length - (counts[name] ?? 0));
          continue;
        }
        if (!table || NOT_IMPORTED_TABLES.has(name!)) throw unknownTable(name!);
        const rows = linesOf(await entryBuffer(entry, ENTRY_LIMIT)).map((r) => withoutSecrets(table, r));
        for (let i = 0; i < rows.length; i += BATCH) await insertChecked(trx, table, rows.slice(i, i + BATCH), count);
      } else if (kind === 'cases') {
        bundles.push(JSON.parse((await entryBuffer(entry, ENTRY_LIMIT)).toString('utf8')) as Record<string, Row>);
        if (bundles.length >= CASE_BATCH) await flushCases();
      } else if (kind === 'files') {
        const stored = await blobs.put(Readable.from(entry.body), { maxBytes: Number.MAX_SAFE_INTEGER });
        if (stored.sha256 !== name) throw new AppError('export_invalid', { field: 'file', detail: `Die Datei ${entry.name} im Archiv ist beschädigt.` });
        count('files', 1);
      } else if (entry.name === 'checkpoints/public-key.pem') {
        result.publicKeyPem = (await entryBuffer(entry, 64 * 1024)).toString('utf8');
      }
    }
    if (bundles.length) await flushCases();
    for (const [table, expected] of Object.entries(manifest.counts)) {
      if ((counts[table] ?? 0) !== expected) {
        throw new AppError('export_invalid', { field: 'file', detail: `Im Archiv fehlen Daten: ${table} hat ${counts[table] ?? 0} statt ${expected} Einträge.` });
      }
    }
    const external = await trx.selectFrom('mailbox_settings').select('tenant_id').where('external_base_url', 'is not', null).execute();
    if (external.length > 0) result.needsSecrets.push({ table: 'mailbox_settings', count: external.length });
    for (const [table, rule] of Object.entries(DISABLE_WITHOUT_SECRET)) {
      const n = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(rule.column)} = false`.execute(trx)).rows[0]?.n ?? 0);
      if (n > 0) result.needsSecrets.push({ table, count: n });
    }
    result.adminInvites = await inviteAdmins(trx);
    return result;
  });
}

async function createTenant(trx: Trx, plan: ExportPlan, tenant: Row): Promise<void> {
  const taken = await trx.selectFrom('tenants').select(['slug']).where((eb) => eb.or([eb('id', '=', String(tenant.id)), eb('slug', '=', String(tenant.slug))])).executeTakeFirst();
  if (taken) {
    throw new AppError('tenant_exists', {
      field: 'tenant',
      detail: `Die Kommune „${String(tenant.slug)}“ gibt es in dieser Installation bereits; ein Import überschreibt keine bestehende Kommune.`,
    });
  }
  await insertRows(trx, plan.tenants, [tenant]);
  await sql`select set_config('app.tenant_id', ${String(tenant.id)}, true)`.execute(trx);
}

async function insertChecked(trx: Trx, table: TableInfo, rows: Row[], count: (t: string, n: number) => void) {
  if (rows.length === 0) return;
  const known = new Set(table.columns.map((c) => c.name));
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!known.has(key)) {
        throw new AppError('export_invalid', {
          field: 'file',
          detail: `Das Archiv enthält die Spalte ${table.name}.${key}, die diese Installation nicht kennt. Bitte zuerst auf die Version der exportierenden Installation aktualisieren.`,
        });
      }
    }
  }
  await insertRows(trx, table, rows);
  count(table.name, rows.length);
}

function withoutSecrets(table: TableInfo, row: Row): Row {
  const rule = DISABLE_WITHOUT_SECRET[table.name];
  return rule ? { ...rule.placeholder, ...row, [rule.column]: false } : row;
}

/** Passwords are not exported: every active admin gets a new first sign-in link (7 days). */
async function inviteAdmins(trx: Trx): Promise<Array<{ email: string; token: string }>> {
  const admins = await trx.selectFrom('users').select(['id', 'email']).where('active', '=', true).where(sql<boolean>`'admin' = any(roles)`).where('oidc_subject', 'is', null).execute();
  const invites: Array<{ email: string; token: string }> = [];
  for (const admin of admins) {
    const token = randomToken();
    await trx.updateTable('users').set({ invite_token_hash: sha256Hex(token), invite_expires_at: new Date(Date.now() + 7 * 24 * 3600 * 1000) }).where('id', '=', admin.id).execute();
    invites.push({ email: admin.email, token });
  }
  return invites;
}

function linesOf(content: Buffer): Row[] {
  return content.toString('utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
}

const unknownTable = (name: string) =>
  new AppError('export_invalid', { field: 'file', detail: `Das Archiv enthält die Tabelle ${name}, die diese Installation nicht importiert. Bitte zuerst aktualisieren.` });
