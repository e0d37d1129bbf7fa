import { createHash } from 'node:crypto';
import type pg from 'pg';

/**
 * Put first in a statement whose text never changes (values only as parameters) and that runs often:
 * on PostgreSQL it becomes a named prepared statement per connection, so it is parsed and planned
 * once per connection instead of on every call (the intake's hot path; decision 0008). PGlite ignores it.
 */
export const CACHED_PLAN = '/* cached plan */ ';

/**
 * Put first in a statement whose result nobody reads (it may be followed by CACHED_PLAN): on PostgreSQL
 * it is not sent at once but together with the next statement of the same connection, in one round
 * trip (decisions 0009, 0020). Its promise resolves at once with no rows; an error it raises is reported
 * by that next statement instead, which is why only a transaction's BEGIN and a write directly followed
 * by COMMIT use it. A ROLLBACK discards what is still waiting. PGlite runs it at once.
 */
export const DEFERRED = '/* deferred */ ';

/**
 * Pool options for PostgreSQL: pg's public pipeline mode (pg ≥ 8.23) writes a query to the socket as
 * soon as it is queued instead of after the previous answer, which is what lets a deferred statement
 * travel with the next one. Kysely still awaits each statement, so nothing else overlaps.
 */
export const PIPELINED_POOL = { pipeline: true } as const;

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    name = `amtsdesk_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    if (statementNames.size < 500) statementNames.set(text, name);
  }
  return name;
}

interface Statement {
  text: string;
  values?: unknown[];
  /** Set for CACHED_PLAN statements. */
  name?: string;
}

type QueryFn = (...args: unknown[]) => unknown;
type PgResult = { command: string; rowCount: number | null; rows: unknown[] };

const NOT_SENT_YET: PgResult = { command: 'DEFERRED', rowCount: 0, rows: [] };

/**
 * The answer of statements sent together: the last one's result, or the first failure. A deferred
 * write that fails aborts the transaction; the statements behind it then fail with "transaction
 * aborted" or, for COMMIT, answer ROLLBACK without an error, so only the first failure tells the truth.
 */
async function lastUnlessFailed(sent: Array<Promise<PgResult>>): Promise<PgResult> {
  const settled = await Promise.allSettled(sent);
  const failed = settled.find((s) => s.status === 'rejected');
  if (failed) throw failed.reason;
  return (settled.at(-1) as PromiseFulfilledResult<PgResult>).value;
}

/**
 * Teaches a pooled pg client the two statement markers: CACHED_PLAN statements become named prepared
 * statements (pg's public `name`); DEFERRED ones wait for the next statement and are queued with it in
 * the same turn of the event loop. Only public pg API is used: without pipeline mode (PIPELINED_POOL)
 * they are still correct, one round trip each.
 */
export function enhanceClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  let waiting: Statement[] = [];

  const statementOf = (text: string, values: unknown): Statement => {
    const body = text.startsWith(DEFERRED) ? text.slice(DEFERRED.length) : text;
    return { text, values: values as unknown[] | undefined, name: body.startsWith(CACHED_PLAN) ? statementName(text) : undefined };
  };
  const single = (s: Statement): Promise<PgResult> =>
    (s.name ? query({ name: s.name, text: s.text, values: s.values }) : query(s.text, s.values)) as Promise<PgResult>;
  const together = (statements: Statement[]): Promise<PgResult> => {
    if (client.pipeline) {
      // pg corks the socket per statement; held corked across the batch, the statements leave in one
      // write instead of one each (a read of pg's connection, not a patch; absent, they still work).
      const socket = (client as unknown as { connection?: { stream?: { cork?: () => void; uncork?: () => void } } }).connection?.stream;
      const corked = typeof socket?.cork === 'function' && typeof socket.uncork === 'function';
      if (corked) socket.cork!();
      try {
        return lastUnlessFailed(statements.map(single));
      } finally {
        if (corked) socket.uncork!();
      }
    }
    return (async () => {
      for (const s of statements.slice(0, -1)) await single(s);
      return single(statements.at(-1)!);
    })();
  };

  (client as unknown as { query: QueryFn }).query = (config, values, callback) => {
    if (typeof config !== 'string' || callback) {
      if (waiting.length) throw new Error('pg client: a deferred statement is waiting; only plain statements may follow it');
      return query(config, values, callback);
    }
    const statement = statementOf(config, values);
    if (config.startsWith(DEFERRED)) {
      waiting.push(statement);
      return Promise.resolve(NOT_SENT_YET);
    }
    if (!waiting.length) return single(statement);
    const before = waiting;
    waiting = [];
    if (/^\s*rollback\b/i.test(config)) return single(statement);
    return together([...before, statement]);
  };
}
