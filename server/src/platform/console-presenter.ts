import type { Static } from '@sinclair/typebox';
import type { OperatorAction, OperatorAuditRow } from '../auth/operator-audit.js';
import type { listInstances, InstanceIdentity } from '../ops/instances.js';
import { SILENT_AFTER_SECONDS } from '../ops/instances.js';
import type { OperatorAuditEntry, PlatformHealth, TenantActivity } from './console-schemas.js';
import type { TenantOverviewRow } from './tenant-console.js';

const iso = (value: Date | string) => new Date(value).toISOString();
const int = (value: string | number | null) => (value === null ? null : Number(value));

export function presentTenantActivity(row: TenantOverviewRow): Static<typeof TenantActivity> {
  return {
    id: row.id, slug: row.slug, name: row.name, kind: row.kind, ags: row.ags, status: row.status, createdAt: iso(row.created_at),
    cases: Number(row.cases),
    lastIntakeAt: row.last_intake_at ? iso(row.last_intake_at) : null,
    storageBytes: int(row.storage_bytes),
    files: int(row.files),
    usageMeasuredAt: row.usage_measured_at ? iso(row.usage_measured_at) : null,
  };
}

type InstanceRow = Awaited<ReturnType<typeof listInstances>>[number];

/**
 * Every instance that reported itself, and this one even when it has not (yet): a process started
 * without the background jobs (tests, `amtsdesk` one-off commands) still answers for itself.
 */
export function presentHealth(rows: InstanceRow[], current: InstanceIdentity, database: 'ok' | 'failed'): Static<typeof PlatformHealth> {
  const instances: Static<typeof PlatformHealth>['instances'] = rows.map((r) => ({
    id: r.id, role: r.role, version: r.version, host: r.host, startedAt: iso(r.started_at), lastSeenAt: iso(r.last_seen_at),
    silentSeconds: Number(r.silent_seconds),
    state: Number(r.silent_seconds) > SILENT_AFTER_SECONDS ? ('silent' as const) : ('running' as const),
    current: r.id === current.id,
  }));
  if (!instances.some((i) => i.current)) {
    instances.unshift({
      id: current.id, role: current.role, version: current.version, host: current.host, startedAt: iso(current.startedAt),
      lastSeenAt: null, silentSeconds: null, state: 'running', current: true,
    });
  }
  return { database, version: current.version, instances };
}

export function presentAuditEntry(row: OperatorAuditRow): Static<typeof OperatorAuditEntry> {
  return {
    id: row.id, at: iso(row.at), operatorId: row.operator_id, operatorName: row.operator_name, action: row.action as OperatorAction,
    tenantId: row.tenant_id, tenantName: row.tenant_name ?? null, subjectId: row.subject_id,
    detail: row.detail as Record<string, string | number | boolean | null>,
  };
}
