/**
 * npm run bench:desk:strategy — the search strategies of migration 0062 and the destruction-list
 * proposal of 0063, interleaved on one seeded database (so a shared, loaded machine affects both
 * sides alike). For each of the load mix's searches (words, surnames, misspelt surnames, case
 * numbers; random status chips and sorts, half of them by a caseworker scoped to one org unit) it
 * runs the inbox page once walking first (0035, `amtsdesk.search_probe = off`) and once as the
 * estimate decides (0062), alternating which goes first, checks that both answer the same page,
 * and reports the time of each. Then the proposal's query: the full computation of before 0063
 * against the stored, indexed due date.
 * Options: --cases N (default 100,000 in the tenant, as many again in others) --searches N (default 200).
 */
import pg from 'pg';
import { sql } from 'kysely';
import { startPostgres } from '../lib/postgres-server.mjs';
import { openDatabase, withTenant } from '../../server/src/db/database.js';
import { listCases } from '../../server/src/cases/repository.js';
import { destructionCandidates } from '../../server/src/records/destruction/repository.js';
import { BUILT_IN_RULE } from '../../server/src/records/rules.js';
import type { Viewer } from '../../server/src/cases/viewer.js';
import type { CaseSort } from '../../server/src/cases/cursor.js';
import { seedDesk } from './seed.js';
import { LAST_NAMES, WORDS } from './vocabulary.js';
import { misspell, rng } from './load-mix.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const cases = arg('cases', 100_000);
const searches = arg('searches', 200);
const log = (msg: string) => console.log(`[bench:desk:strategy ${new Date().toISOString().slice(11, 19)}] ${msg}`);
const quantile = (xs: number[], q: number) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0; };
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

const server = await startPostgres({ shared_buffers: '1GB', work_mem: '16MB', maintenance_work_mem: '512MB', fsync: 'off', synchronous_commit: 'off' });
try {
  const db = await openDatabase({ databaseUrl: server.url, poolSize: 2 });
  const admin = new pg.Pool({ connectionString: server.url, max: 3 });
  const { main, seconds } = await seedDesk(admin, cases, 2 * cases, log);
  log(`data ready in ${seconds.toFixed(0)} s`);
  const caseNumbers = (await admin.query<{ case_number: string }>('select case_number from cases tablesample system (1) where tenant_id = $1 limit 500', [main.tenantId])).rows.map((r) => r.case_number);
  const units = [...new Set(main.services.map((s) => s.orgUnitId))];
  const r = rng(11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const SORTS: CaseSort[] = ['-received_at', 'received_at', '-case_number', 'case_number', '-updated_at'];
  const STATUS_SETS = [['new'], ['in_progress'], ['new', 'accepted', 'in_progress'], ['closed']];

  const times: Record<'off' | 'auto', number[]> = { off: [], auto: [] };
  const kinds: Record<string, Record<'off' | 'auto', number[]>> = {};
  let tooBroad = 0;
  for (let i = 0; i < searches; i++) {
    const x = r();
    const kind = x < 0.3 ? 'word' : x < 0.6 ? 'surname' : x < 0.75 ? 'misspelt' : 'case number';
    const number = pick(caseNumbers);
    const q = kind === 'word' ? pick(WORDS) : kind === 'surname' ? pick(LAST_NAMES) : kind === 'misspelt' ? misspell(pick(LAST_NAMES))
      : r() < 0.5 ? number.slice(0, -2) : number.slice(number.indexOf('-') + 1, -1);
    const viewer: Viewer = { tenantId: main.tenantId, orgUnitIds: i % 2 ? [pick(units)] : [], userId: null, permissions: new Set(), actor: { kind: 'system', id: null, name: 'Bench' } };
    const query = { q, sort: pick(SORTS), limit: 50, ...(r() < 0.5 ? { status: pick(STATUS_SETS) } : {}) };
    const pages: Record<string, string> = {};
    const order: Array<'off' | 'auto'> = i % 2 ? ['off', 'auto'] : ['auto', 'off'];
    for (const mode of order) {
      const t0 = performance.now();
      try {
        const page = await withTenant(db, viewer, async (trx) => {
          await sql`select set_config('amtsdesk.search_probe', ${mode}, true), set_config('amtsdesk.search_budget', '10000', true)`.execute(trx);
          return listCases(trx, viewer, query);
        });
        pages[mode] = page.rows.map((row) => row.id).join();
      } catch (error) {
        if ((error as { code?: string }).code !== 'AD001') throw error;
        pages[mode] = 'too broad';
        tooBroad++;
      }
      const took = performance.now() - t0;
      times[mode].push(took);
      ((kinds[kind] ??= { off: [], auto: [] })[mode]).push(took);
    }
    if (pages.off !== pages.auto) throw new Error(`different pages for ${JSON.stringify(query)}`);
  }
  const row = (name: string, t: Record<'off' | 'auto', number[]>) =>
    `| ${name} | ${t.off.length} | ${quantile(t.off, 0.5).toFixed(1)} | ${quantile(t.auto, 0.5).toFixed(1)} | ${quantile(t.off, 0.95).toFixed(1)} | ${quantile(t.auto, 0.95).toFixed(1)} | ${sum(t.off).toFixed(0)} | ${sum(t.auto).toFixed(0)} | ${(sum(t.off) / sum(t.auto)).toFixed(2)}× |`;
  console.log(`\n## Search strategies — ${cases.toLocaleString('en')} cases in the tenant, ${searches} searches (answered „too broad“ by both: ${tooBroad / 2}); every page identical\n`);
  console.log('| searches | n | walk first p50 ms | probe p50 ms | walk first p95 ms | probe p95 ms | walk first total ms | probe total ms | total ratio |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  console.log(row('all', times));
  for (const [kind, t] of Object.entries(kinds)) console.log(row(kind, t));

  // The destruction-list proposal: the full computation before 0063 against the stored due date.
  const asOf = new Date();
  const old = (limit: number) => sql`
    SELECT * FROM (
      SELECT c.id AS case_id, c.case_number, s.name AS service_name,
             coalesce(rs.appraisal, rd.appraisal, ${BUILT_IN_RULE.appraisal}::text) AS appraisal,
             retention_due_at(c.closed_at, (SELECT max(d.sent_at) FROM decisions d WHERE d.tenant_id = c.tenant_id AND d.case_id = c.id),
               coalesce(rs.starts_at, rd.starts_at, ${BUILT_IN_RULE.startsAt}::text),
               coalesce(rs.period_months, rd.period_months, ${BUILT_IN_RULE.periodMonths}::int)) AS due_at
      FROM cases c
      JOIN services s ON s.tenant_id = c.tenant_id AND s.id = c.service_id
      LEFT JOIN retention_rules rs ON rs.tenant_id = c.tenant_id AND rs.service_id = c.service_id
      LEFT JOIN retention_rules rd ON rd.tenant_id = c.tenant_id AND rd.service_id IS NULL
      WHERE c.status IN ('closed', 'deletion_requested')
        AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.tenant_id = c.tenant_id AND h.case_id = c.id AND h.released_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM destruction_list_entries e WHERE e.tenant_id = c.tenant_id AND e.case_id = c.id AND e.state = 'included')
        AND NOT EXISTS (SELECT 1 FROM purge_orders p WHERE p.tenant_id = c.tenant_id AND p.case_id = c.id)
    ) due WHERE due_at <= ${asOf} ORDER BY due_at, case_number LIMIT ${limit}`;
  // A rule of one month, so that cases are due (the built-in 120 months is longer than the data).
  await admin.query(`insert into retention_rules (id, tenant_id, service_id, period_months, starts_at, appraisal, updated_by) values (gen_random_uuid(), $1, null, 1, 'closed', 'V', 'Bench')`, [main.tenantId]);
  const proposal: Record<'before' | 'after', number[]> = { before: [], after: [] };
  for (let i = 0; i < 6; i++) {
    for (const side of (i % 2 ? ['before', 'after'] : ['after', 'before']) as Array<'before' | 'after'>) {
      const t0 = performance.now();
      const rows = await withTenant(db, { tenantId: main.tenantId }, async (trx) =>
        side === 'before' ? (await old(500).execute(trx)).rows.length : (await destructionCandidates(trx, asOf, 500)).length);
      proposal[side].push(performance.now() - t0);
      if (rows !== 500) throw new Error(`proposal ${side}: ${rows} cases`);
    }
  }
  console.log(`\nDestruction-list proposal (500 due cases of the tenant): full computation p50 ${quantile(proposal.before, 0.5).toFixed(1)} ms, stored due date by index p50 ${quantile(proposal.after, 0.5).toFixed(1)} ms (${(quantile(proposal.before, 0.5) / quantile(proposal.after, 0.5)).toFixed(1)}×)`);
  await admin.end();
  await db.close();
} finally {
  server.stop();
}
