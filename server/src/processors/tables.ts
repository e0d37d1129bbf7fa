import type { ColumnType, Generated } from 'kysely';
import type { PlausibilityRule } from './rules.js';
import type { ProcessorCheck, ProcessorSuggestion } from './protocol.js';

type Json<T> = ColumnType<T, string, string>;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Processors attached to a service (migration 0059). */
export interface ProcessorsTable {
  id: string; tenant_id: string; service_id: string; name: string; kind: 'http' | 'plausibility';
  url: string | null; secret: string | null; timeout_ms: number; rules: Json<PlausibilityRule[]>;
  auto_apply: boolean; active: boolean; created_at: Generated<Date>; updated_at: Generated<Date>;
}

export type RunStatus = 'pending' | 'done' | 'failed';
export type SuggestionState = 'none' | 'open' | 'applied' | 'dismissed';

/** One run of one processor for one case, with its structured results (migration 0059). */
export interface ProcessorRunsTable {
  id: string; tenant_id: string; case_id: string; processor_id: string; trigger: 'case_created' | 'manual';
  started_by: string; status: Generated<RunStatus>; attempts: Generated<number>; last_error: string | null;
  checks: ColumnType<ProcessorCheck[], string | undefined, string>; extracted: ColumnType<Record<string, string | number | boolean>, string | undefined, string>;
  suggestion: Json<ProcessorSuggestion | null> | null; suggestion_state: Generated<SuggestionState>; suggestion_note: string | null;
  applied_by: string | null; applied_at: Timestamp | null; created_at: Generated<Date>; finished_at: Timestamp | null;
}

// The tables join the database schema here (module augmentation), like xdomea/tables.ts.
declare module '../db/schema.js' {
  interface Database {
    processors: ProcessorsTable;
    processor_runs: ProcessorRunsTable;
  }
}
