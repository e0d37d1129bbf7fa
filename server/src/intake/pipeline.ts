import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import { IntakeBatcher } from './batcher.js';
import { resolveRoute } from './routing.js';
import { findParkedByTransaction, parkSubmission } from './unrouted-repository.js';
import type { IntakeOutcome, Sender, Submission } from './types.js';

export interface PipelineDeps {
  db: Database;
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
    return createInTenant(deps, sender.tenantId, submission, actorOfSender(sender));
  }
  const routed = await resolveRoute(deps.db, submission.routing);
  if (!routed.ok) {
    const parked = await parkSubmission(deps.db, submission, { code: routed.reasonCode, text: routed.reason });
    return outcomeOfParked(deps.db, parked);
  }
  return batcherOf(deps.db).submit(routed.route.tenantId, { submission, actor: actorOfSender(sender), route: routed.route });
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

const batchers = new WeakMap<Database, IntakeBatcher>();

function batcherOf(db: Database): IntakeBatcher {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new IntakeBatcher(db)));
  return batcher;
}

/**
 * Case + attachments + history in the tenant's next intake transaction, routed there to the
 * tenant's service and org unit (an unknown one is this submission's 422).
 */
export async function createInTenant(deps: PipelineDeps, tenantId: string, submission: Submission, actor: Actor): Promise<IntakeOutcome> {
  return batcherOf(deps.db).submit(tenantId, { submission, actor, route: null });
}
