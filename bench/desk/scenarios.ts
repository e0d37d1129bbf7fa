import type { Database } from '../../server/src/db/database.js';
import { withTenant } from '../../server/src/db/database.js';
import { listCases, type CaseListQuery } from '../../server/src/cases/repository.js';
import type { Viewer } from '../../server/src/cases/viewer.js';
import { capturingDatabase, type CapturedQuery } from './baseline.js';

/** One measured API call and the repository call that produces its SQL. */
export interface Scenario {
  name: string;
  path: string;
  run(db: Database, viewer: Viewer): Promise<unknown>;
}

export function inboxScenario(name: string, query: Partial<CaseListQuery>): Scenario {
  const full: CaseListQuery = { sort: '-received_at', limit: 50, ...query };
  const params = new URLSearchParams();
  for (const status of full.status ?? []) params.append('status', status);
  if (full.serviceId) params.set('serviceId', full.serviceId);
  if (full.q) params.set('q', full.q);
  params.set('limit', String(full.limit));
  if (full.cursor) params.set('cursor', full.cursor);
  return {
    name,
    path: `/api/cases?${params}`,
    run: (db, viewer) => withTenant(db, viewer, (trx) => listCases(trx, viewer, full)),
  };
}

/** The statements a scenario runs (including set_config of the tenant), captured once. */
export async function captureScenario(url: string, viewer: Viewer, scenario: Scenario): Promise<CapturedQuery[]> {
  const log: CapturedQuery[] = [];
  const db = capturingDatabase(url, log);
  try {
    await scenario.run(db, viewer);
  } finally {
    await db.close();
  }
  // Kysely's own begin/commit are not in its query log; replay() adds them.
  return log;
}
