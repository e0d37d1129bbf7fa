import type { Database } from '../db/database.js';
import { withPlatform, withTenant, type Trx } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { createCase } from '../cases/service.js';
import { intakeNotificationsOn, notifyIntakeStaff } from './notify.js';
import { resolveRoute, resolveTenantRoute, type Route } from './routing.js';
import { findParkedByTransaction, parkSubmission } from './unrouted-repository.js';
import type { IntakeOutcome, Sender, Submission } from './types.js';

export interface PipelineDeps {
  db: Database;
  publicUrl: string;
}

export function actorOfSender(sender: Sender): Actor {
  return sender.kind === 'tenant'
    ? { kind: 'token', id: sender.tokenId, name: 'Antragseingang (API-Zugang)' }
    : { kind: 'system', id: null, name: `Antragseingang (${sender.name})` };
}

/**
 * The one intake pipeline every channel ends in. Attachments are already in the blob store (a
 * blob without a row is harmless; a row without a blob would not be). Answers only after the
 * transaction with case, attachments, events and outbox messages has committed.
 */
export async function submitApplication(deps: PipelineDeps, sender: Sender, submission: Submission): Promise<IntakeOutcome> {
  if (submission.transactionId && sender.kind === 'platform') {
    const parked = await findParkedByTransaction(deps.db, submission.channel, submission.transactionId);
    if (parked) return outcomeOfParked(deps.db, parked);
  }
  if (sender.kind === 'tenant') {
    const tenantId = sender.tenantId;
    return createRetrying(deps, tenantId, (trx) => resolveTenantRoute(trx, tenantId, submission.routing), submission, actorOfSender(sender));
  }
  const routed = await resolveRoute(deps.db, null, submission.routing);
  if (!routed.ok) {
    const parked = await parkSubmission(deps.db, submission, { code: routed.reasonCode, text: routed.reason });
    return outcomeOfParked(deps.db, parked);
  }
  return createFromSubmission(deps, routed.route, submission, actorOfSender(sender));
}

async function outcomeOfParked(db: Database, parked: { id: string; status: string; reason: string; resolution: Record<string, unknown> | null }): Promise<IntakeOutcome> {
  const r = parked.resolution as { tenantId?: string; caseId?: string } | null;
  if (parked.status === 'routed' && r?.tenantId && r.caseId) {
    const tenant = await withPlatform(db, (trx) => trx.selectFrom('tenants').select('slug').where('id', '=', r.tenantId!).executeTakeFirstOrThrow());
    const kase = await withTenant(db, { tenantId: r.tenantId }, (trx) =>
      trx.selectFrom('cases').select(['id', 'case_number', 'status']).where('id', '=', r.caseId!).executeTakeFirstOrThrow(),
    );
    return { status: 'existing', tenantId: r.tenantId, tenantSlug: tenant.slug, caseId: kase.id, caseNumber: kase.case_number, caseStatus: kase.status };
  }
  return { status: 'unrouted', unroutedId: parked.id, reason: parked.reason };
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/** Case + attachments + history + notifications in one tenant transaction (retried on a lost race). */
export async function createFromSubmission(deps: PipelineDeps, route: Route, submission: Submission, actor: Actor): Promise<IntakeOutcome> {
  return createRetrying(deps, route.tenantId, async () => route, submission, actor);
}

/** One transaction per application: routing reads, case, attachments, history, notifications. */
async function createRetrying(deps: PipelineDeps, tenantId: string, routeIn: (trx: Trx) => Promise<Route>, submission: Submission, actor: Actor): Promise<IntakeOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await withTenant(deps.db, { tenantId }, async (trx) => createInTransaction(trx, await routeIn(trx), submission, actor, deps.publicUrl));
    } catch (error) {
      if (isUniqueViolation(error) && attempt < 3) continue;
      throw error;
    }
  }
}

async function createInTransaction(trx: Trx, route: Route, submission: Submission, actor: Actor, publicUrl: string): Promise<IntakeOutcome> {
  // Read before createCase draws the number: from then on the tenant's other applications wait.
  const notify = await intakeNotificationsOn(trx, route.tenantId);
  const created = await createCase(
    trx,
    route.tenantId,
    {
      serviceId: route.serviceId,
      orgUnitId: route.orgUnitId,
      title: submission.title,
      applicant: submission.applicant,
      formData: submission.formData,
      channel: submission.channel,
      transactionId: submission.transactionId,
      receivedAt: submission.receivedAt,
      priority: submission.priority,
    },
    actor,
    {
      attachments: submission.attachments.map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, sizeBytes: a.sizeBytes, sha256: a.sha256, kind: a.kind })),
      events: ({ id }) => [
        {
          caseId: id,
          type: 'intake.received',
          actor,
          data: {
            channel: submission.channel,
            transactionId: submission.transactionId ?? null,
            attachments: submission.attachments.map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, declaredMimeType: a.declaredMimeType, sizeBytes: a.sizeBytes })),
            ...(submission.meta ? { meta: submission.meta } : {}),
          },
        },
      ],
    },
  );
  if (created.created && notify) await notifyIntakeStaff(trx, route.tenantId, created.id, publicUrl);
  return {
    status: created.created ? 'created' : 'existing',
    tenantId: route.tenantId,
    tenantSlug: route.tenantSlug,
    caseId: created.id,
    caseNumber: created.caseNumber,
    caseStatus: created.status,
  };
}
