import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import type { Database as Schema } from './schema.js';
import { pgliteDialect } from './pglite-dialect.js';
import { runMigrations } from './migrate.js';
import { AppError } from '../shared/errors.js';
import { DEFERRED, enhanceClient, PIPELINED_POOL } from './pg-client.js';

export type Trx = Transaction<Schema>;
export type DbKind = 'pglite' | 'postgres';

export interface Database {
  kind: DbKind;
  /** Works as role amtsdesk_app: row-level security applies to everything run through it. */
  kysely: Kysely<Schema>;
  /**
   * LISTEN on a channel (live updates). PostgreSQL: a dedicated connection outside the pool;
   * PGlite: its own notification support. Resolves to the function that stops listening.
   */
  listen?(channel: string, onPayload: (payload: string) => void, onError?: (error: Error) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** PostgreSQL only: connections of the pool now (for the saturation metric); PGlite has one connection. */
  poolStats?(): PoolStats;
}

export interface PoolStats {
  max: number;
  total: number;
  idle: number;
  /** Queries waiting for a free connection: above zero the pool is saturated. */
  waiting: number;
}

export interface OpenOptions {
  databaseUrl?: string;
  databaseAdminUrl?: string;
  /** PGlite data directory; omitted means in-memory (tests). */
  pgliteDir?: string;
  migrate?: boolean;
  poolSize?: number;
}

const APP_ROLE = 'amtsdesk_app';
/** Delegated transactions only: the restrictive delegation policies apply to this role alone (migration 0067). */
const DELEGATE_ROLE = 'amtsdesk_delegate';

export { CACHED_PLAN, DEFERRED } from './pg-client.js';

/** Contrib extensions the migrations create (pg_trgm: 0015, btree_gin: 0035); PGlite must load them on every open. */
export const PGLITE_EXTENSIONS = { pg_trgm, btree_gin };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<Database> {
  if (options.pgliteDir) mkdirSync(options.pgliteDir, { recursive: true });
  const pglite = new PGlite({ dataDir: options.pgliteDir ? join(options.pgliteDir) : undefined, extensions: PGLITE_EXTENSIONS });
  await pglite.waitReady;
  if (options.migrate !== false) {
    const admin = new Kysely<Schema>({ dialect: pgliteDialect(pglite) });
    await runMigrations(admin);
  }
  await pglite.exec(`SET ROLE ${APP_ROLE}`);
  const kysely = new Kysely<Schema>({ dialect: pgliteDialect(pglite) });
  return {
    kind: 'pglite',
    kysely,
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload);
      return async () => {
        if (!pglite.closed) await unlisten().catch(() => {});
      };
    },
    async close() {
      await kysely.destroy();
      await pglite.close();
    },
  };
}

async function openPostgres(databaseUrl: string, options: OpenOptions): Promise<Database> {
  if (options.migrate !== false) {
    const admin = new Kysely<Schema>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: options.databaseAdminUrl ?? databaseUrl, max: 1 }) }),
    });
    try {
      await runMigrations(admin);
    } finally {
      await admin.destroy();
    }
  }
  // Pipeline mode lets a DEFERRED statement go out with the next one (pg-client.ts, decision 0020).
  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10, ...PIPELINED_POOL });
  // Whatever login role the operator configured, the application itself always works as the
  // non-bypassing app role; pg queues this before any query of the new connection.
  // JIT off: a desk query over a big tenant is estimated expensive enough for PostgreSQL to compile it
  // with LLVM, which costs 50–300 ms of CPU on every call and saves nothing on an index walk of 50 rows
  // (measured at 1,000,000 cases, docs/performance.md).
  // An idle connection the server ends (restart, failover, a terminated backend) is an 'error' on the
  // pool: pg-pool drops that client and the next query connects anew. Without a listener Node turns it
  // into an uncaught exception and the whole instance dies with it.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    enhanceClient(client);
    client.query(`SET ROLE ${APP_ROLE}; SET jit = off`).catch(() => client.release(new Error('cannot assume app role')));
  });
  const kysely = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    kysely,
    listen: (channel, onPayload, onError) => listenPostgres(databaseUrl, channel, onPayload, onError),
    close: () => kysely.destroy(),
    poolStats: () => ({ max: pool.options.max, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

async function listenPostgres(url: string, channel: string, onPayload: (payload: string) => void, onError?: (error: Error) => void) {
  const client = new pg.Client({ connectionString: url });
  client.on('notification', (n) => {
    if (n.channel === channel) onPayload(n.payload ?? '');
  });
  client.on('error', (error) => onError?.(error));
  await client.connect();
  await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
  return async () => {
    await client.end().catch(() => {});
  };
}

export interface TenantScope {
  tenantId: string;
  /**
   * Work of another municipality on one case of this tenant (server/src/delegation, decision 0031):
   * the transaction starts as the acting tenant, and only delegation_enter() — which checks an
   * active grant in the database — switches it to tenantId, confined to caseId.
   */
  delegation?: { actingTenantId: string; caseId: string };
}

/** A delegated transaction that finds no active grant (revoked, expired, never granted): the case is gone for the helper. */
const delegationGone = (caseId: string) =>
  new AppError('not_found', { detail: `Der Vorgang „${caseId}“ wurde nicht gefunden.`, internal: 'delegation: no active grant' });

/**
 * Runs fn in one transaction restricted to a tenant. This is the only way tenant data is touched:
 * row-level security sees app.tenant_id, set transaction-locally so it can never leak to the next
 * user of a pooled connection.
 *
 * BEGIN and the tenant setting are DEFERRED: on PostgreSQL they travel with the transaction's first
 * statement, one round trip instead of two on every request.
 */
export async function withTenant<T>(db: Database, scope: TenantScope, fn: (trx: Trx) => Promise<T>): Promise<T> {
  if (!UUID.test(scope.tenantId)) throw new Error('withTenant: tenant id is not a UUID');
  if (scope.delegation && !(UUID.test(scope.delegation.actingTenantId) && UUID.test(scope.delegation.caseId))) {
    throw new Error('withTenant: delegation ids are not UUIDs');
  }
  return db.kysely.connection().execute(async (conn) => {
    await sql.raw(`${DEFERRED}begin`).execute(conn);
    const { delegation } = scope;
    await sql`${sql.raw(DEFERRED)}select set_config('app.tenant_id', ${delegation ? delegation.actingTenantId : scope.tenantId}, true)`.execute(conn);
    try {
      if (delegation) {
        // Only the delegate may enter another tenant's case, and it stays the delegate (under the
        // restrictive policies) until the transaction ends.
        await sql.raw(`${DEFERRED}set local role ${DELEGATE_ROLE}`).execute(conn);
        const entered = await sql<{ owner: string | null }>`select delegation_enter(${delegation.caseId}::uuid) as owner`.execute(conn);
        if (entered.rows[0]?.owner !== scope.tenantId) throw delegationGone(delegation.caseId);
      }
      const result = await fn(conn as unknown as Trx);
      // A deferred write travels with the COMMIT, so the COMMIT can fail for it: roll back then too,
      // or the connection would go back to the pool inside a failed transaction.
      await sql.raw('commit').execute(conn);
      return result;
    } catch (error) {
      await sql.raw('rollback').execute(conn).catch(() => {});
      throw error;
    }
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A transaction without tenant context: only platform tables and definer functions are reachable. */
export async function withPlatform<T>(db: Database, fn: (trx: Trx) => Promise<T>): Promise<T> {
  return db.kysely.transaction().execute(fn);
}
