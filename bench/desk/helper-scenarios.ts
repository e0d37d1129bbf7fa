import type pg from 'pg';
import { inboxScenario, type Scenario } from './scenarios.js';
import type { SeededDesk } from './seed.js';
import { listDelegatedCases } from '../../server/src/delegation/desk.js';

/**
 * The caseworker of the helping municipality (tenant 2, scoped to its Ordnungsamt, which handles the
 * measured tenant's Fischereischein and shares single cases by Amtshilfe; sharing-seed.ts): the inbox
 * view of the desk is B's own first page plus the panel „Vorgänge anderer Kommunen“
 * (GET /api/delegated-cases, as the web app asks for it), then opening the newest delegated case
 * (through the delegation hook: grant look-up, delegation_enter, and the "opened" event in A's
 * history — one write per opening), and a search in B's own cases.
 */
export async function helperScenarios(admin: pg.Pool, helper: SeededDesk['helper']): Promise<Scenario[]> {
  const { rows } = await admin.query<{ id: string }>(
    `select case_id as id from case_grants where grantee_tenant_id = $1 and revoked_at is null order by granted_at desc limit 1`, [helper.tenant.tenantId]);
  const delegatedCase = rows[0]?.id;
  const as = 'helper' as const;
  return [
    { ...inboxScenario('B: inbox, first page (own cases)', {}), as },
    { name: 'B: „Vorgänge anderer Kommunen“ (GET /api/delegated-cases)', path: '/api/delegated-cases', as, run: (db, viewer) => listDelegatedCases(db, viewer, 100) },
    ...(delegatedCase ? [{ name: 'B: opening a delegated case of the measured tenant (GET /api/cases/:id)', path: `/api/cases/${delegatedCase}`, as }] : []),
    { ...inboxScenario('B: search, name „Krüger“ (own cases)', { q: 'Krüger' }), as },
  ];
}

/** The p95 targets of issue 5 (inbox views < 25 ms, searches < 60 ms); opening a case and the dashboard have none. */
export function TARGETS(scenario: Scenario): number | undefined {
  const url = new URL(scenario.path, 'http://x');
  if (url.pathname === '/api/delegated-cases') return 25;
  if (url.pathname !== '/api/cases') return undefined;
  return url.searchParams.has('q') ? 60 : 25;
}
