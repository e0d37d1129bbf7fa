import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { AppConfig } from '../../config.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { withTenant, type Database } from '../../db/database.js';
import type { Actor } from '../../auth/principal.js';
import { AppError, notFound } from '../../shared/errors.js';
import { uuidv7 } from '../../shared/ids.js';
import { exportTenant, type ExportProgress } from './exporter.js';

/** A job whose process died stops touching its row; after this long it counts as failed. */
export const STALE_AFTER_MS = 2 * 60_000;
const PROGRESS_EVERY_MS = 1000;

export type ExportJobRow = Awaited<ReturnType<typeof findExport>>;

export const archivePath = (config: AppConfig, tenantId: string, id: string) => join(config.exportDir, tenantId, `${id}.tar.gz`);

/**
 * Starts a tenant export in the background and returns its job at once; the caller polls it.
 * One export at a time per tenant: a second start while one runs answers export_running.
 */
export async function startExport(db: Database, blobs: BlobStore, config: AppConfig, tenantId: string, actor: Actor & { id: string }, onError: (error: unknown) => void) {
  const id = uuidv7();
  const job = await withTenant(db, { tenantId }, async (trx) => {
    // Two admins clicking at once: the second waits here, then sees the first job running.
    await sql`select pg_advisory_xact_lock(hashtext('tenant_export'), hashtext(${tenantId}))`.execute(trx);
    const running = await trx.selectFrom('tenant_exports').select('id').where('status', '=', 'running')
      .where('updated_at', '>', new Date(Date.now() - STALE_AFTER_MS)).executeTakeFirst();
    if (running) throw new AppError('export_running');
    const { n } = await trx.selectFrom('cases').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
    return trx.insertInto('tenant_exports').values({ id, tenant_id: tenantId, requested_by: actor.id, requested_by_name: actor.name, cases_total: Number(n) })
      .returningAll().executeTakeFirstOrThrow();
  });
  void runExport(db, blobs, config, tenantId, id).catch(onError);
  return job;
}

/** Writes the archive (gzip) to a part file, then renames it into place and marks the job done. */
export async function runExport(db: Database, blobs: BlobStore, config: AppConfig, tenantId: string, id: string): Promise<void> {
  const path = archivePath(config, tenantId, id);
  const part = `${path}.part`;
  await mkdir(join(config.exportDir, tenantId), { recursive: true });
  let lastWrite = 0;
  const touch = async (p: ExportProgress, force = false) => {
    if (!force && Date.now() - lastWrite < PROGRESS_EVERY_MS) return;
    lastWrite = Date.now();
    await withTenant(db, { tenantId }, (trx) => trx.updateTable('tenant_exports')
      .set({ cases_total: p.casesTotal, cases_done: p.casesDone, files_done: p.filesDone, updated_at: new Date() }).where('id', '=', id).execute());
  };
  try {
    const hash = createHash('sha256');
    const gzip = createGzip({ level: 6 });
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        done(null, chunk);
      },
    });
    const written = pipeline(gzip, hashing, createWriteStream(part));
    const exported = exportTenant(db, blobs, tenantId, gzip, { spoolDir: join(config.exportDir, 'tmp'), onProgress: (p) => touch(p) })
      .then(async (manifest) => {
        gzip.end();
        return manifest;
      }, (error: unknown) => {
        gzip.destroy(error as Error);
        throw error;
      });
    const [manifest] = await Promise.all([exported, written]);
    await rename(part, path);
    const size = (await stat(path)).size;
    await touch({ casesTotal: manifest.counts.cases ?? 0, casesDone: manifest.counts.cases ?? 0, filesDone: manifest.counts.files ?? 0 }, true);
    const older = await withTenant(db, { tenantId }, async (trx) => {
      await trx.updateTable('tenant_exports').set({ status: 'done', size_bytes: size, sha256: hash.digest('hex'), finished_at: new Date(), updated_at: new Date() })
        .where('id', '=', id).execute();
      return trx.selectFrom('tenant_exports').select('id').where('id', '!=', id).where('status', '=', 'done').execute();
    });
    // Only the newest archive is kept: an export is a copy of all personal data of the tenant.
    for (const old of older) await rm(archivePath(config, tenantId, old.id), { force: true });
  } catch (error) {
    await rm(part, { force: true });
    await withTenant(db, { tenantId }, (trx) => trx.updateTable('tenant_exports').set({ status: 'failed', finished_at: new Date(), updated_at: new Date() }).where('id', '=', id).execute());
    throw error;
  }
}

export async function findExport(db: Database, tenantId: string, id: string) {
  const row = await withTenant(db, { tenantId }, (trx) => trx.selectFrom('tenant_exports').selectAll().where('id', '=', id).executeTakeFirst());
  if (!row) throw notFound('Der Export');
  return row;
}

export async function listExports(db: Database, tenantId: string) {
  return withTenant(db, { tenantId }, (trx) => trx.selectFrom('tenant_exports').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(10).execute());
}

/** A running job that stopped reporting (its process died) is shown as failed. */
export function effectiveStatus(row: NonNullable<ExportJobRow>, now = Date.now()): 'running' | 'done' | 'failed' {
  if (row.status === 'running' && new Date(row.updated_at).getTime() < now - STALE_AFTER_MS) return 'failed';
  return row.status;
}

/**
 * The finished archive as a stream. Downloading it reads every case's personal data, so every case
 * gets an access-log entry ('exported', the export's id as object), written in one statement.
 */
export async function openExportDownload(db: Database, config: AppConfig, tenantId: string, id: string, reader: { kind: 'user' | 'token'; id: string; name: string }) {
  const row = await findExport(db, tenantId, id);
  const path = archivePath(config, tenantId, id);
  if (row.status !== 'done' || !(await stat(path).catch(() => null))) throw new AppError('not_found', { detail: 'Der Export ist nicht (mehr) zum Herunterladen bereit.' });
  const tenant = await withTenant(db, { tenantId }, async (trx) => {
    await sql`insert into access_log (tenant_id, at, actor_kind, actor_id, actor_name, case_id, case_number, action, object_id)
      select tenant_id, now(), ${reader.kind}, ${reader.id}, ${reader.name}, id, case_number, 'exported', ${id} from cases`.execute(trx);
    return trx.selectFrom('tenants').select('slug').where('id', '=', tenantId).executeTakeFirst();
  });
  const day = new Date(row.created_at).toISOString().slice(0, 10);
  return { fileName: `amtsdesk-export-${tenant?.slug ?? 'kommune'}-${day}.tar.gz`, size: Number(row.size_bytes), stream: createReadStream(path) };
}
