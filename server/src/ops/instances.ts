import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../db/database.js';
import { withPlatform } from '../db/database.js';
import { randomToken } from '../shared/ids.js';

/** The version every process reports: the server package's, read once. */
export const APP_VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unbekannt';
  } catch {
    return 'unbekannt';
  }
})();

export interface InstanceIdentity {
  id: string;
  role: 'web' | 'worker';
  version: string;
  host: string;
  startedAt: Date;
}

const PROCESS_ID = `${hostname()}-${process.pid}-${randomToken(4)}`;
const PROCESS_STARTED = new Date();

/** This process (one id for its whole life, whichever part asks). */
export function thisInstance(role: InstanceIdentity['role']): InstanceIdentity {
  return { id: PROCESS_ID, role, version: APP_VERSION, host: hostname(), startedAt: PROCESS_STARTED };
}

/** A process not heard of for this long is shown as silent; after a day its row goes. */
export const SILENT_AFTER_SECONDS = 60;

export async function beat(db: Database, me: InstanceIdentity): Promise<void> {
  await withPlatform(db, async (trx) => {
    await trx
      .insertInto('instances')
      .values({ id: me.id, role: me.role, version: me.version, host: me.host, started_at: me.startedAt, last_seen_at: sql<Date>`now()` })
      .onConflict((oc) => oc.column('id').doUpdateSet({ last_seen_at: sql<Date>`now()` }))
      .execute();
    await trx.deleteFrom('instances').where('last_seen_at', '<', sql<Date>`now() - interval '1 day'`).execute();
  });
}

/** Instances heard of within the last day, newest first, with how long ago they last said so. */
export async function listInstances(db: Database) {
  return withPlatform(db, (trx) =>
    trx
      .selectFrom('instances')
      .select(['id', 'role', 'version', 'host', 'started_at', 'last_seen_at', sql<number>`extract(epoch from now() - last_seen_at)::int`.as('silent_seconds')])
      .orderBy('last_seen_at', 'desc')
      .limit(200)
      .execute(),
  );
}

/** Reports this process every `intervalMs` (default 15 s) until stopped; the last beat is awaited on stop. */
export function startHeartbeat(deps: { db: Database; identity: InstanceIdentity; logger?: Logger; intervalMs?: number }) {
  const { db, identity, logger } = deps;
  let current: Promise<void> | null = null;
  const tick = () => {
    current = beat(db, identity).catch((error: unknown) => logger?.warn({ err: { message: (error as Error).message } }, 'instance heartbeat failed'));
  };
  tick();
  const timer = setInterval(tick, deps.intervalMs ?? 15_000);
  timer.unref();
  return {
    identity,
    async stop() {
      clearInterval(timer);
      await current;
      await withPlatform(db, (trx) => trx.deleteFrom('instances').where('id', '=', identity.id).execute()).catch(() => undefined);
    },
  };
}
