import type { ProcessorsTable } from './tables.js';
import type { Selectable } from 'kysely';
import type { ProcessorSuggestion } from './protocol.js';
import type { PlausibilityRule } from './rules.js';
import type { RunRow } from './service.js';
import { isAutomaticActorName } from './apply.js';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** A processor as the admin sees it; the secret is never shown again after creation. */
export function presentProcessor(row: Selectable<ProcessorsTable>) {
  return {
    id: row.id, serviceId: row.service_id, name: row.name, kind: row.kind, url: row.url, timeoutMs: row.timeout_ms,
    rules: row.rules as unknown as PlausibilityRule[], autoApply: row.auto_apply, active: row.active,
    createdAt: iso(row.created_at)!, updatedAt: iso(row.updated_at)!,
  };
}

export function presentRun(row: RunRow) {
  return {
    id: row.id,
    processor: { id: row.processor_id, name: row.processor_name, kind: row.processor_kind },
    trigger: row.trigger, startedBy: row.started_by, status: row.status, attempts: row.attempts, lastError: row.last_error,
    checks: row.checks, extracted: row.extracted, suggestion: (row.suggestion as unknown as ProcessorSuggestion | null) ?? null,
    suggestedOrgUnitName: row.suggested_unit_name ?? null,
    suggestionState: row.suggestion_state, suggestionNote: row.suggestion_note, appliedBy: row.applied_by, appliedAt: iso(row.applied_at),
    appliedAutomatically: row.suggestion_state === 'applied' && isAutomaticActorName(row.applied_by),
    createdAt: iso(row.created_at)!, finishedAt: iso(row.finished_at),
  };
}
