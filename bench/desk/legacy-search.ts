import { prefixTsQuery } from '../../server/src/cases/search.js';
import type { CapturedQuery } from './baseline.js';

/**
 * The search page query as it was before migration 0013 (all matches from case_search(), then sort and
 * limit outside), replayed in the same run as "before": the page's SQL only, without name look-ups.
 */
export function legacySearchStatements(tenantId: string, q: string, limit = 50): CapturedQuery[] {
  const like = `${q.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return [
    { sql: `select set_config('app.tenant_id', $1, true)`, parameters: [tenantId] },
    {
      sql: `select c.id, c.case_number, c.title, c.status, c.priority, c.version, c.service_id, c.org_unit_id, c.applicant_name,
              c.assignee_id, c.received_at, c.updated_at, c.received_at::text as sort_key
            from cases c where c.tenant_id = $1 and c.id in (select id from case_search($2, $3, $4, null, null))
            order by c.received_at desc, c.id desc limit $5`,
      parameters: [tenantId, q, prefixTsQuery(q), like, limit + 1],
    },
  ];
}
