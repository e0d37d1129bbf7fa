import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type JsonObject = ColumnType<Record<string, unknown>, string | undefined, string>;

/** xdomea hand-over and Aussonderung (migration 0047). */
export interface XdomeaSettingsTable {
  tenant_id: string; authority_id: string; authority_name: string; lead_handover_read_only: Generated<boolean>; updated_at: Generated<Date>;
}
export interface XdomeaTargetsTable {
  id: string; tenant_id: string; kind: 'dms' | 'authority' | 'archive'; transport: 'directory' | 'http'; name: string; authority_id: string;
  config: JsonObject; shared_secret: string | null; active: Generated<boolean>; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface XdomeaProcessesTable {
  id: string; tenant_id: string; process_id: string; kind: 'handover' | 'aussonderung'; target_id: string; lead: Generated<boolean>;
  state: Generated<'open' | 'done'>; last_error: string | null; started_by_name: string; created_at: Generated<Date>; updated_at: Generated<Date>;
}
export interface XdomeaMessagesTable {
  id: string; tenant_id: string; process_row_id: string; direction: 'out' | 'in'; message_type: string; file_name: string;
  state: 'queued' | 'sent' | 'received'; created_at: Generated<Date>; sent_at: Timestamp | null;
}
export interface XdomeaProcessCasesTable {
  tenant_id: string; process_row_id: string; process_kind: 'handover' | 'aussonderung'; case_id: string; case_number: string;
  state: CaseInProcessState; reference: string | null; reason: string | null; updated_at: Generated<Date>;
}

export type CaseInProcessState =
  | 'pending' | 'sent' | 'received' | 'imported' | 'refused'
  | 'offered_pending' | 'offered' | 'archive' | 'destroy' | 'transfer_pending' | 'transferred' | 'archived';

// The tables join the database schema here (module augmentation), like records/destruction/tables.ts.
declare module '../db/schema.js' {
  interface Database {
    xdomea_settings: XdomeaSettingsTable;
    xdomea_targets: XdomeaTargetsTable;
    xdomea_processes: XdomeaProcessesTable;
    xdomea_messages: XdomeaMessagesTable;
    xdomea_process_cases: XdomeaProcessCasesTable;
  }
}
