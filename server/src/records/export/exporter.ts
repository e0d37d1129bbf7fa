import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Writable } from 'node:stream';
import { withPlatform, withTenant, type Database } from '../../db/database.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { notFound } from '../../shared/errors.js';
import { TarWriter } from './tar.js';
import { discoverTables, EXCLUDED_TABLES, SECRET_COLUMNS, type TableInfo } from './tables.js';
import { rowPage, rowsOfCases, type Row } from './rows.js';
import { spoolBlob } from './spool.js';

export const EXPORT_FORMAT = 'amtsdesk-tenant-export';
export const EXPORT_VERSION = 1;
const CASE_PAGE = 200;
const ROW_PAGE = 2000;
const CHECKSUM_CHUNK = 10_000;

export interface ExportProgress {
  casesDone: number;
  casesTotal: number;
  filesDone: number;
}

export interface ExportManifest {
  format: typeof EXPORT_FORMAT;
  version: number;
  tenant: { id: string; slug: string; name: string };
  createdAt: string;
  completedAt: string;
  schema: string;
  chainHead: { seq: number; hash: string };
  counts: Record<string, number>;
  checksums: Record<string, string>;
  omitted: { tables: Record<string, string>; columns: Record<string, string[]> };
}

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Writes everything of one tenant as a tar (docs/records.md, "Tenant export") into out. Streams:
 * cases in pages of 200, other tables in pages of 2,000 rows, files one at a time; memory does not
 * grow with the tenant. The history is cut at the chain head read at the start, so the exported
 * chain is complete and verifiable even while the desk keeps working.
 */
export async function exportTenant(
  db: Database,
  blobs: BlobStore,
  tenantId: string,
  out: Writable,
  options: { spoolDir: string; onProgress?: (p: ExportProgress) => Promise<void> | void; publicKeyPem?: string },
): Promise<ExportManifest> {
  const tenant = await withPlatform(db, async (trx) => (await sql<{ row: Row }>`select to_jsonb(t) as row from tenants t where id = ${tenantId}`.execute(trx)).rows[0]?.row);
  if (!tenant) throw notFound('Die Kommune');
  const createdAt = new Date().toISOString();
  const tar = new TarWriter(out);
  const counts: Record<string, number> = {};
  const checksums: Record<string, string> = {};
  let pendingSums: string[] = [];
  const add = async (name: string, content: Buffer) => {
    await tar.addBuffer(name, content);
    await noteSum(name, sha256(content));
  };
  const noteSum = async (name: string, hash: string) => {
    pendingSums.push(`${hash}  ${name}\n`);
    if (pendingSums.length >= CHECKSUM_CHUNK) await flushSums();
  };
  const flushSums = async () => {
    if (pendingSums.length === 0) return;
    const name = `checksums/${String(Object.keys(checksums).length + 1).padStart(6, '0')}.sha256`;
    const content = Buffer.from(pendingSums.join(''));
    pendingSums = [];
    await tar.addBuffer(name, content);
    checksums[name] = sha256(content);
  };
  const count = (table: string, n: number) => (counts[table] = (counts[table] ?? 0) + n);

  const { plan, head, casesTotal } = await withTenant(db, { tenantId }, async (trx) => ({
    plan: await discoverTables(trx),
    head: (await sql<{ row: Row }>`select to_jsonb(h) as row from event_chain_heads h`.execute(trx)).rows[0]?.row,
    casesTotal: Number((await sql<{ n: string }>`select count(*) as n from cases`.execute(trx)).rows[0]!.n),
  }));
  const schema = await lastMigration(db);
  const cutSeq = Number(head?.last_seq ?? 0);
  const progress: ExportProgress = { casesDone: 0, casesTotal, filesDone: 0 };

  await add('format.json', json({ format: EXPORT_FORMAT, version: EXPORT_VERSION, tenant: brief(tenant), createdAt, schema }));
  await add('tenant.json', json(tenant));

  const exportTable = async (table: TableInfo, where?: ReturnType<typeof sql>) => {
    if (table.name === 'event_chain_heads') {
      if (head) await add('tables/event_chain_heads/000001.jsonl', jsonl([head]));
      count(table.name, head ? 1 : 0);
      return;
    }
    let after: string[] | undefined;
    let page = 0;
    for (;;) {
      const { rows, lastKey } = await withTenant(db, { tenantId }, (trx) => rowPage(trx, table, { after, limit: ROW_PAGE, where: eventCut(table, cutSeq, where) }));
      if (rows.length === 0) break;
      page++;
      await add(`tables/${table.name}/${String(page).padStart(6, '0')}.jsonl`, jsonl(rows));
      count(table.name, rows.length);
      after = lastKey;
      if (rows.length < ROW_PAGE) break;
    }
  };

  for (const table of plan.before) await exportTable(table);

  const [casesTable, ...scoped] = plan.perCase;
  let afterCase: string[] | undefined;
  for (;;) {
    const page = await withTenant(db, { tenantId }, async (trx) => {
      const cases = await rowPage(trx, casesTable!, { after: afterCase, limit: CASE_PAGE });
      const ids = cases.rows.map((c) => c.id as string);
      const related = new Map<string, Row[]>();
      for (const table of scoped) related.set(table.name, await rowsOfCases(trx, table, ids, eventCut(table, cutSeq)));
      return { cases, related };
    });
    for (const kase of page.cases.rows) {
      const bundle: Record<string, unknown> = { case: kase };
      for (const table of scoped) {
        const rows = page.related.get(table.name)!.filter((r) => r.case_id === kase.id);
        bundle[table.name] = rows;
        count(table.name, rows.length);
      }
      await add(`cases/${kase.id as string}.json`, json(bundle));
    }
    count('cases', page.cases.rows.length);
    progress.casesDone += page.cases.rows.length;
    await options.onProgress?.(progress);
    afterCase = page.cases.lastKey;
    if (page.cases.rows.length < CASE_PAGE) break;
  }

  for (const table of plan.after) await exportTable(table, table.caseScoped ? sql`t.case_id is null` : undefined);

  if (options.publicKeyPem) await add('checkpoints/public-key.pem', Buffer.from(options.publicKeyPem));

  const blobColumns = [...plan.before, ...plan.perCase, ...plan.after].flatMap((t) =>
    t.columns.filter((c) => c.type === 'text' && (c.name === 'sha256' || c.name.endsWith('_sha256'))).map((c) => ({ table: t.name, column: c.name })));
  let lastHash = '';
  for (;;) {
    const hashes = await withTenant(db, { tenantId }, (trx) => blobHashPage(trx, blobColumns, lastHash, 100));
    for (const hash of hashes) {
      const spooled = await spoolBlob(blobs, hash, options.spoolDir);
      try {
        await tar.addStream(`files/${hash}`, spooled.size, spooled.read());
      } finally {
        await spooled.remove();
      }
      await noteSum(`files/${hash}`, hash);
      count('files', 1);
      progress.filesDone++;
    }
    if (hashes.length) await options.onProgress?.(progress);
    if (hashes.length < 100) break;
    lastHash = hashes.at(-1)!;
  }

  await flushSums();
  const manifest: ExportManifest = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    tenant: brief(tenant),
    createdAt,
    completedAt: new Date().toISOString(),
    schema,
    chainHead: { seq: cutSeq, hash: String(head?.last_hash ?? '') },
    counts,
    checksums,
    omitted: { tables: EXCLUDED_TABLES, columns: SECRET_COLUMNS },
  };
  await tar.addBuffer('manifest.json', json(manifest));
  await tar.finish();
  return manifest;
}

/** The schema the rows follow: an importer refuses an archive newer than its own schema's tables. */
async function lastMigration(db: Database): Promise<string> {
  try {
    return (await withPlatform(db, (trx) => sql<{ name: string | null }>`select max(name) as name from schema_migrations`.execute(trx))).rows[0]?.name ?? '';
  } catch {
    return '';
  }
}

/** History rows after the cut (appended while the export ran) belong to the next export. */
function eventCut(table: TableInfo, cutSeq: number, where?: ReturnType<typeof sql>) {
  if (table.name !== 'case_events') return where;
  return where ? sql`${where} and t.seq <= ${cutSeq}` : sql`t.seq <= ${cutSeq}`;
}

async function blobHashPage(trx: Parameters<typeof rowPage>[0], columns: Array<{ table: string; column: string }>, after: string, limit: number): Promise<string[]> {
  if (columns.length === 0) return [];
  const union = sql.join(columns.map((c) => sql`select ${sql.ref(c.column)} as h from ${sql.table(c.table)}`), sql` union `);
  const result = await sql<{ h: string }>`select h from (${union}) x where h is not null and h > ${after} order by h limit ${limit}`.execute(trx);
  return result.rows.map((r) => r.h);
}

const brief = (tenant: Row) => ({ id: tenant.id as string, slug: tenant.slug as string, name: tenant.name as string });
const json = (value: unknown) => Buffer.from(`${JSON.stringify(value, null, 1)}\n`);
const jsonl = (rows: Row[]) => Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
