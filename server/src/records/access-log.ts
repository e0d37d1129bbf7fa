import { sql } from 'kysely';
import type { Logger } from 'pino';
import { withTenant, type Database } from '../db/database.js';
import { listTenants } from '../tenants/provision.js';
import type { Viewer } from '../cases/viewer.js';
import { startClusterJob, type ClusterJob } from '../db/cluster-job.js';

export const ACCESS_ACTIONS = ['case_opened', 'attachment_downloaded', 'decision_previewed', 'letter_downloaded', 'exported', 'printed', 'register_queried'] as const;
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

interface Entry {
  tenantId: string;
  at: Date;
  /** participant: a person taking part in a case through the portal (server/src/participants, 0058). */
  actorKind: 'user' | 'token' | 'client' | 'participant';
  actorId: string;
  actorName: string;
  caseId: string;
  caseNumber: string | null;
  action: AccessAction;
  objectId: string | null;
}

/**
 * Collects reads and writes them in one INSERT per tenant and batch: at most every second, or at
 * once when 500 are waiting. A read costs the request nothing but a push onto an array. What a
 * crash can lose is the last second of the log, never a case (the trade-off is in docs/records.md).
 */
export class AccessLogWriter {
  private pending: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    /** Where write failures go (the app's logger, set when the routes are registered). */
    public onError: (error: unknown) => void,
    private readonly maxDelayMs = 1000,
    private readonly maxBatch = 500,
  ) {}

  record(entry: Entry): void {
    this.pending.push(entry);
    if (this.pending.length >= this.maxBatch) void this.flush();
    else if (!this.timer) this.timer = setTimeout(() => void this.flush(), this.maxDelayMs).unref();
  }

  /** Writes everything recorded so far; resolves when it is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    this.running = this.running.then(() => (batch.length ? this.write(batch) : undefined)).catch((error: unknown) => this.onError(error));
    return this.running;
  }

  private async write(batch: Entry[]): Promise<void> {
    const byTenant = new Map<string, Entry[]>();
    for (const entry of batch) byTenant.set(entry.tenantId, [...(byTenant.get(entry.tenantId) ?? []), entry]);
    for (const [tenantId, entries] of byTenant) {
      await withTenant(this.db, { tenantId }, async (trx) => {
        const unknown = [...new Set(entries.filter((e) => !e.caseNumber).map((e) => e.caseId))];
        const numbers = new Map(unknown.length
          ? (await trx.selectFrom('cases').select(['id', 'case_number']).where('id', 'in', unknown).execute()).map((c) => [c.id, c.case_number])
          : []);
        await trx
          .insertInto('access_log')
          .values(entries.map((e) => ({
            tenant_id: tenantId, at: e.at, actor_kind: e.actorKind, actor_id: e.actorId, actor_name: e.actorName,
            case_id: e.caseId, case_number: e.caseNumber ?? numbers.get(e.caseId) ?? '?', action: e.action, object_id: e.objectId,
          })))
          .execute();
      });
    }
  }
}

const writers = new WeakMap<Database, AccessLogWriter>();

/** The writer of this database (one per process and database, shared by all routes). */
export function accessLogOf(db: Database, onError?: (error: unknown) => void): AccessLogWriter {
  let writer = writers.get(db);
  if (!writer) {
    writer = new AccessLogWriter(db, () => {});
    writers.set(db, writer);
  }
  if (onError) writer.onError = onError;
  return writer;
}

/** Records that the viewer read personal data of a case. Only people, API keys and Fachverfahren are logged. */
export function recordAccess(db: Database, viewer: Viewer, read: { caseId: string; caseNumber?: string; action: AccessAction; objectId?: string }): void {
  const { actor } = viewer;
  if ((actor.kind !== 'user' && actor.kind !== 'token' && actor.kind !== 'client') || !actor.id) return;
  accessLogOf(db).record({
    tenantId: viewer.tenantId, at: new Date(), actorKind: actor.kind, actorId: actor.id, actorName: actor.name,
    caseId: read.caseId, caseNumber: read.caseNumber ?? null, action: read.action, objectId: read.objectId ?? null,
  });
}

export interface AccessQuery { actorId?: string; caseNumber?: string; from?: string; to?: string; before?: string; limit?: number }

export interface AccessRow {
  id: string; at: Date; actor_kind: string; actor_id: string; actor_name: string; case_id: string; case_number: string; action: string; object_id: string | null;
  legal_basis: string | null; purpose: string | null;
}

/** The tenant's access log, newest first, filtered by person, case number and period (dates, inclusive). */
export async function queryAccessLog(db: Database, tenantId: string, query: AccessQuery): Promise<{ items: AccessRow[]; actors: Array<{ id: string; name: string }> }> {
  await accessLogOf(db).flush();
  const limit = Math.min(Math.max(query.limit ?? 100, 1), 500);
  return withTenant(db, { tenantId }, async (trx) => {
    let q = trx.selectFrom('access_log').select(['id', 'at', 'actor_kind', 'actor_id', 'actor_name', 'case_id', 'case_number', 'action', 'object_id', 'legal_basis', 'purpose']);
    if (query.actorId) q = q.where('actor_id', '=', query.actorId);
    if (query.caseNumber) q = q.where('case_number', '=', query.caseNumber.trim());
    if (query.from) q = q.where('at', '>=', new Date(`${query.from}T00:00:00Z`));
    if (query.to) q = q.where('at', '<', sql<Date>`${query.to}::date + 1`);
    if (query.before) q = q.where('id', '<', query.before);
    const items = (await q.orderBy('id', 'desc').limit(limit).execute()) as AccessRow[];
    const actors = await sql<{ id: string; name: string }>`
      SELECT DISTINCT ON (actor_id) actor_id AS id, actor_name AS name FROM access_log ORDER BY actor_id, at DESC`.execute(trx);
    return { items, actors: actors.rows.sort((a, b) => a.name.localeCompare(b.name, 'de')) };
  });
}

/** Deletes entries older than the log's own retention; per tenant, returns how many went. */
export async function pruneAccessLog(db: Database, tenantIds: string[], olderThan: Date): Promise<number> {
  let removed = 0;
  for (const tenantId of tenantIds) {
    const result = await withTenant(db, { tenantId }, (trx) => trx.deleteFrom('access_log').where('at', '<', olderThan).executeTakeFirst());
    removed += Number(result.numDeletedRows);
  }
  return removed;
}

const DAY_MS = 24 * 3600 * 1000;

/** The log's own retention: once a day, entries older than `months` are deleted (AMTSDESK_ACCESS_LOG_MONTHS). */
export function startAccessLogPrune(deps: { db: Database; months: number; logger?: Logger; firstRunMs?: number }): ClusterJob {
  const job = startClusterJob({
    db: deps.db,
    name: 'access-log-prune',
    intervalMs: DAY_MS,
    firstRunMs: deps.firstRunMs ?? 60_000,
    onError: (error) => deps.logger?.error({ err: error }, 'access log prune failed'),
    run: async () => {
      const cutoff = new Date();
      cutoff.setUTCMonth(cutoff.getUTCMonth() - deps.months);
      const removed = await pruneAccessLog(deps.db, (await listTenants(deps.db)).map((t) => t.id), cutoff);
      if (removed > 0) deps.logger?.info({ accessLogPruned: removed }, 'access log pruned');
    },
  });
  return {
    async stop() {
      await job.stop();
      // The buffered access-log entries are this instance's own: flushed on every instance.
      await accessLogOf(deps.db).flush();
    },
  };
}
