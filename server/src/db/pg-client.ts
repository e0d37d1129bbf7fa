import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import pg from 'pg';

/**
 * Put first in a statement whose text never changes (values only as parameters) and that runs often:
 * on PostgreSQL it becomes a named prepared statement per connection, so it is parsed and planned
 * once per connection instead of on every call (the intake's hot path; decision 0008). PGlite ignores it.
 */
export const CACHED_PLAN = '/* cached plan */ ';

/**
 * Put first in a statement whose result nobody reads (it may be followed by CACHED_PLAN): on PostgreSQL
 * it is not sent at once but together with the next statement of the same connection, in one round
 * trip (decision 0009). Its promise resolves at once with no rows; an error it raises is reported by
 * that next statement instead, which is why only a transaction's BEGIN and a write directly followed
 * by COMMIT use it. A ROLLBACK discards what is still waiting. PGlite runs it at once.
 */
export const DEFERRED = '/* deferred */ ';

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
interface ProtocolConnection {
  parsedStatements: Record<string, string>;
  parse(msg: { text: string; name: string; types: unknown[] }): void;
  bind(msg: { portal: string; statement: string; values: unknown[]; valueMapper: unknown }): void;
  describe(msg: { type: 'P'; name: string }): void;
  execute(msg: { portal: string; rows: number }): void;
  sync(): void;
}

const require = createRequire(import.meta.url);
const { prepareValue } = require('pg/lib/utils.js') as { prepareValue: unknown };
const Query = (pg as unknown as { Query: new (config: object) => object }).Query;

/**
 * Several statements in one round trip of the extended protocol: Parse (unnamed ones only; named
 * ones are prepared on this connection already), Bind, Describe and Execute each, then one Sync.
 * PostgreSQL skips the rest after an error until the Sync, so a failed statement takes the later
 * ones with it, just as it would inside the transaction. pg's Query collects one result per statement.
 */
class PipelinedQuery extends (Query as new (config: object) => { prepare?(c: ProtocolConnection): void }) {
  constructor(private readonly statements: Statement[], callback: (error: Error | null, results: PgResult | PgResult[]) => void) {
    super({ text: statements.at(-1)!.text, callback });
  }

  requiresPreparation(): boolean {
    return true;
  }

  prepare(connection: ProtocolConnection): void {
    for (const s of this.statements) {
      if (!s.name) connection.parse({ text: s.text, name: '', types: [] });
      connection.bind({ portal: '', statement: s.name ?? '', values: s.values ?? [], valueMapper: prepareValue });
      connection.describe({ type: 'P', name: '' });
      connection.execute({ portal: '', rows: 0 });
    }
    connection.sync();
  }
}

const NOT_SENT_YET: PgResult = { command: 'DEFERRED', rowCount: 0, rows: [] };

/**
 * Teaches a pooled pg client the two statement markers: CACHED_PLAN statements become named prepared
 * statements; DEFERRED ones wait for the next statement and travel with it.
 */
export function enhanceClient(client: pg.PoolClient): void {
  const query = client.query.bind(client) as QueryFn;
  const connection = (client as unknown as { connection: ProtocolConnection }).connection;
  let waiting: Statement[] = [];

  const statementOf = (text: string, values: unknown): Statement => {
    const body = text.startsWith(DEFERRED) ? text.slice(DEFERRED.length) : text;
    return { text, values: values as unknown[] | undefined, name: body.startsWith(CACHED_PLAN) ? statementName(text) : undefined };
  };
  const single = (s: Statement): Promise<PgResult> =>
    (s.name ? query({ name: s.name, text: s.text, values: s.values }) : query(s.text, s.values)) as Promise<PgResult>;
  const pipelined = (statements: Statement[]): Promise<PgResult> =>
    new Promise((resolve, reject) => {
      query(new PipelinedQuery(statements, (error, results) => (error ? reject(error) : resolve(Array.isArray(results) ? results.at(-1)! : results))));
    });
  const prepared = (s: Statement) => !s.name || connection.parsedStatements[s.name] !== undefined;

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
    if (before.every(prepared) && prepared(statement)) return pipelined([...before, statement]);
    // A named statement not yet prepared on this connection is parsed by pg's own path, which keeps
    // track of it; this happens once per connection and statement.
    return (async () => {
      if (before.every(prepared)) await pipelined(before);
      else for (const s of before) await single(s);
      return single(statement);
    })();
  };
}
