import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

/** Destruction lists (migration 0040). */
export interface DestructionListsTable {
  id: string; tenant_id: string; number: number; state: Generated<string>; as_of: Timestamp; proposed_at: Generated<Date>;
  approved_by: string | null; approved_by_name: string | null; approved_at: Timestamp | null;
  confirmed_by: string | null; confirmed_by_name: string | null; confirmed_at: Timestamp | null;
}
export interface DestructionListEntriesTable {
  tenant_id: string; list_id: string; case_id: string; case_number: string; service_name: string; appraisal: string; due_at: Timestamp;
  state: Generated<string>; archive: string; archive_answered_at: Timestamp | null;
  removed_reason: string | null; removed_by_name: string | null; removed_at: Timestamp | null; purge_order_id: string | null;
}
export interface DestructionListLogTable {
  id: ColumnType<string, never, never>; tenant_id: string; list_id: string; at: Generated<Date>; action: string; actor_name: string;
  case_number: string | null; reason: string | null; detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

// The tables join the database schema here rather than in db/schema.ts, so this module brings its
// own types along (module augmentation: the same interface, extended).
declare module '../../db/schema.js' {
  interface Database {
    destruction_lists: DestructionListsTable;
    destruction_list_entries: DestructionListEntriesTable;
    destruction_list_log: DestructionListLogTable;
  }
}
