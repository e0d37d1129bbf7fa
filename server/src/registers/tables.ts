import type { Generated } from 'kysely';

/** Register queries (migration 0059): who asked which register for which case, and why. */
export interface RegisterQueriesTable {
  id: string; tenant_id: string; case_id: string; actor_id: string; actor_name: string;
  register: 'residents' | 'companies'; query_kind: 'search' | 'identifier'; legal_basis: string; purpose: string; hits: number;
  at: Generated<Date> | Date;
}

declare module '../db/schema.js' {
  interface Database {
    register_queries: RegisterQueriesTable;
  }
}
