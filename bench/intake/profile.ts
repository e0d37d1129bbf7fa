/**
 * Counts what one intake request costs in the database: statements and transactions per
 * application, from the statement log of a throwaway PostgreSQL server (log_statement=all).
 * node --import tsx bench/intake/profile.ts   (a handful of sequential requests; loopback only)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../lib/postgres-server.mjs';
import { openDatabase } from '../../server/src/db/database.js';
import { createTestApp } from '../../server/test/app.js';
import { loadConfig } from '../../server/src/config.js';

/** One token sends the whole load, far above the per-token limit a real sender gets (it is still counted). */
const UNLIMITED_SENDER = { rateLimits: { ...loadConfig({}).rateLimits, intakePerTokenPerSecond: 1_000_000 } };
import type { TestDatabase } from '../../server/test/db.js';
import { dogTaxForm, intakeWorld, LEIKA_HUND } from '../../server/test/intake-kit.js';

const N = Number(process.env.PROFILE_REQUESTS ?? 5);
const server = await startPostgres({ log_statement: 'all', log_line_prefix: "'%p '" });
try {
  const db = await openDatabase({ databaseUrl: server.url, poolSize: 4 });
  const api = await createTestApp(db, UNLIMITED_SENDER);
  const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
  const world = await intakeWorld({ db } as TestDatabase);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  const post = (i: number) =>
    fetch(`${address}/api/intake/applications`, {
      method: 'POST',
      headers: { ...world.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ transactionId: `profile-${Date.now()}-${i}`, serviceKey: LEIKA_HUND, applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller' }, formData: dogTaxForm() }),
    }).then(async (r) => { if (r.status !== 201) throw new Error(`${r.status} ${await r.text()}`); });
  for (let i = 0; i < 3; i++) await post(-i); // warm-up
  await admin.query("select 'profile-start'");
  for (let i = 0; i < N; i++) await post(i);
  await admin.query("select 'profile-end'");
  await new Promise((r) => setTimeout(r, 300));
  const log = readFileSync(join(server.dir, 'log'), 'utf8');
  const part = log.slice(log.indexOf("'profile-start'"), log.indexOf("'profile-end'"));
  const statements = part.split('\n').filter((l) => /LOG: {2}(statement|execute)/.test(l)).map((l) => l.replace(/^\d+ LOG: {2}(statement|execute [^:]*): /, '').trim());
  const begins = statements.filter((s) => /^begin/i.test(s)).length;
  console.log(`${N} requests: ${statements.length / N} statements and ${begins / N} transactions per application\n`);
  const byKind = new Map<string, number>();
  for (const s of statements) {
    const key = s.replace(/\s+/g, ' ').slice(0, 110);
    byKind.set(key, (byKind.get(key) ?? 0) + 1);
  }
  for (const [k, n] of byKind) console.log(`${(n / N).toFixed(1).padStart(5)}  ${k}`);
  await admin.end();
  await api.close();
  await db.close();
} finally {
  server.stop();
}
