import type { Database } from '../../db/database.js';
import { withPlatform } from '../../db/database.js';
import type { OperatorPrincipal } from '../../auth/principal.js';
import { actorOf } from '../../auth/principal.js';
import { AppError } from '../../shared/errors.js';
import { createInTenant } from '../pipeline.js';
import { loadPendingForUpdate, markResolved } from '../unrouted-repository.js';
import type { Submission } from '../types.js';

const notFound = () => new AppError('not_found', { detail: 'Die Einreichung wurde nicht gefunden.' });

async function pending(db: Database, id: string) {
  const row = await loadPendingForUpdate(db, id);
  if (!row) throw notFound();
  if (row.status !== 'pending') throw new AppError('conflict', { detail: `Die Einreichung ist bereits erledigt (${row.status === 'routed' ? 'zugeordnet' : 'abgelehnt'}).` });
  return row;
}

/**
 * An operator assigns a parked submission to a tenant: the case is created there exactly as if
 * the submission had been routed on arrival (idempotent, so a double click creates one case).
 */
export async function routeParked(
  db: Database,
  operator: OperatorPrincipal,
  id: string,
  input: { tenantSlug: string; orgUnitId?: string; serviceKey?: string },
) {
  const row = await pending(db, id);
  const stored = row.submission as unknown as Submission;
  if (row.kind === 'failed' || !stored.formData) {
    throw new AppError('conflict', { detail: 'Eine fehlgeschlagene Einreichung (z. B. nicht entschlüsselbar) kann nicht zugeordnet, nur abgelehnt werden.' });
  }
  const tenant = await withPlatform(db, (trx) => trx.selectFrom('tenants').select(['id', 'slug']).where('slug', '=', input.tenantSlug).executeTakeFirst());
  if (!tenant) throw new AppError('not_found', { field: 'tenantSlug', detail: `Die Kommune „${input.tenantSlug}“ wurde nicht gefunden.` });
  const submission: Submission = {
    ...stored,
    routing: {
      ...stored.routing,
      orgUnit: input.orgUnitId ?? stored.routing.orgUnit,
      orgUnitStrict: !!input.orgUnitId,
      // The operator's explicit org unit wins over one the routing identifiers would map to.
      identifiers: input.orgUnitId ? [] : stored.routing.identifiers,
      leikaKeys: input.serviceKey ? [input.serviceKey] : stored.routing.leikaKeys,
    },
    transactionId: stored.transactionId ?? `unrouted:${row.id}`,
    receivedAt: stored.receivedAt ? new Date(stored.receivedAt) : undefined,
  };
  const outcome = await createInTenant({ db }, tenant.id, submission, actorOf(operator));
  if (outcome.status === 'unrouted') throw new AppError('internal');
  await markResolved(db, id, 'routed', operator.operatorId, { tenantId: outcome.tenantId, caseId: outcome.caseId, caseNumber: outcome.caseNumber });
  return { id, status: 'routed' as const, tenant: tenant.slug, caseId: outcome.caseId, caseNumber: outcome.caseNumber };
}

export async function rejectParked(db: Database, operator: OperatorPrincipal, id: string, reason: string) {
  await pending(db, id);
  if (!(await markResolved(db, id, 'rejected', operator.operatorId, { reason }))) throw new AppError('conflict', { detail: 'Die Einreichung wurde zwischenzeitlich erledigt.' });
  return { id, status: 'rejected' as const };
}
