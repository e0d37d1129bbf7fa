import type { Database } from '../../server/src/db/database.js';
import { withTenant } from '../../server/src/db/database.js';
import { listCases, type CaseListQuery } from '../../server/src/cases/repository.js';
import type { Viewer } from '../../server/src/cases/viewer.js';
import { capturingDatabase, type CapturedQuery } from './baseline.js';

/** One measured API call and the repository call that produces its SQL (none: no SQL-only baseline). */
export interface Scenario {
  name: string;
  path: string;
  /** 'helper': as the caseworker of tenant 2 who works delegated cases of the measured tenant. */
  as?: 'helper';
  run?(db: Database, viewer: Viewer): Promise<unknown>;
}

export function inboxScenario(name: string, query: Partial<CaseListQuery>): Scenario {
  const full: CaseListQuery = { sort: '-received_at', limit: 50, ...query };
  const params = new URLSearchParams();
  for (const status of full.status ?? []) params.append('status', status);
  if (full.serviceId) params.set('serviceId', full.serviceId);
  if (full.q) params.set('q', full.q);
  params.set('limit', String(full.limit));
  if (full.cursor) params.set('cursor', full.cursor);
  if (full.sort !== '-received_at') params.set('sort', full.sort);
  if (full.deadline) params.set('deadline', full.deadline);
  if (full.dueWithin !== undefined) params.set('dueWithin', String(full.dueWithin));
  if (full.deputy) params.set('deputy', 'true');
  return {
    name,
    path: `/api/cases?${params}`,
    run: (db, viewer) => withTenant(db, viewer, (trx) => listCases(trx, viewer, full)),
  };
}

/** The statements a scenario runs (including set_config of the tenant), captured once. */
export async function captureScenario(url: string, viewer: Viewer, scenario: Scenario): Promise<CapturedQuery[] | undefined> {
  if (!scenario.run) return undefined;
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
