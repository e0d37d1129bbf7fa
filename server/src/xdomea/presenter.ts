import type { Selectable } from 'kysely';
import type { XdomeaMessagesTable, XdomeaProcessCasesTable, XdomeaProcessesTable, XdomeaSettingsTable, XdomeaTargetsTable } from './tables.js';

const iso = (value: Date | string) => new Date(value).toISOString();

type ProcessWithDetails = Selectable<XdomeaProcessesTable> & {
  target: { id: string; name: string; kind: XdomeaTargetsTable['kind'] };
  cases: Array<Selectable<XdomeaProcessCasesTable>>;
};

export function presentProcess(p: ProcessWithDetails) {
  return {
    id: p.id, processId: p.process_id, kind: p.kind, state: p.state, lead: p.lead,
    target: { id: p.target.id, name: p.target.name, kind: p.target.kind },
    lastError: p.last_error, startedBy: p.started_by_name, createdAt: iso(p.created_at), updatedAt: iso(p.updated_at),
    cases: p.cases.map((c) => ({ caseId: c.case_id, caseNumber: c.case_number, state: c.state, reference: c.reference, reason: c.reason, updatedAt: iso(c.updated_at) })),
  };
}

export function presentProcessDetail(p: ProcessWithDetails & { messages: Array<Selectable<XdomeaMessagesTable>> }) {
  return {
    ...presentProcess(p),
    messages: p.messages.map((m) => ({
      direction: m.direction, messageType: m.message_type, fileName: m.file_name, state: m.state, createdAt: iso(m.created_at), sentAt: m.sent_at ? iso(m.sent_at) : null,
    })),
  };
}

export function presentSettings(row: Selectable<XdomeaSettingsTable> | undefined) {
  return { authorityId: row?.authority_id ?? null, authorityName: row?.authority_name ?? null, leadHandoverReadOnly: row?.lead_handover_read_only ?? true };
}

/** A target for the admin: its settings, but never the shared secret (only whether one is set). */
export function presentTarget(row: Selectable<XdomeaTargetsTable>) {
  const config = row.config as { directory?: string; url?: string; pollUrl?: string };
  return {
    id: row.id, kind: row.kind, transport: row.transport, name: row.name, authorityId: row.authority_id,
    config: { ...(config.directory ? { directory: config.directory } : {}), ...(config.url ? { url: config.url } : {}), ...(config.pollUrl ? { pollUrl: config.pollUrl } : {}) },
    hasSharedSecret: !!row.shared_secret, active: row.active,
  };
}
