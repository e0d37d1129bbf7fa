import type { AppConfig } from '../../config.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { withTenant, type Database, type Trx } from '../../db/database.js';
import type { Applicant } from '../../db/schema.js';
import { enqueue, type OutboxMessages } from '../../outbox/enqueue.js';
import { isCaseStatus, STATUS_LABELS, type CaseStatus } from '../../cases/lifecycle.js';
import { DeliveryError } from '../../outbox/deliverers/types.js';
import { tenantName } from '../repository.js';
import { channelOfMailbox } from './accounts.js';
import { notSetUp } from './adapters.js';
import { findPostfachSettings, missingFields } from './settings.js';
import { zbpAdapter } from './zbp.js';
import type { ZbpState } from './zbp-envelope.js';

/**
 * Application status messages to the BundID status monitor: when a case of an applicant who signed
 * in with BundID changes its status, the new state is recorded in the outbox (same transaction as
 * the change) and delivered to the ZBP. Only changes the monitor can show are sent: several of our
 * statuses map to one monitor state, and a change within the same state sends nothing.
 */
const MONITOR_STATE: Record<CaseStatus, ZbpState | null> = {
  // The online service reports SUBMITTED itself; the authority's first word is RECEIVED on acceptance.
  new: null,
  accepted: 'RECEIVED',
  forwarded: 'PROCESSING',
  in_progress: 'PROCESSING',
  reopened: 'PROCESSING',
  decided: 'COMPLETED',
  rejected: 'COMPLETED',
  closed: 'COMPLETED',
  deletion_requested: null,
};

const monitorState = (status: string): ZbpState | null => (isCaseStatus(status) ? MONITOR_STATE[status] : null);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The application's id as the online service registered it at the monitor: the intake transaction id when it is one, else our case id. */
export function applicationIdOf(kase: { id: string; transaction_id?: string | null }): string {
  return kase.transaction_id && UUID.test(kase.transaction_id) ? kase.transaction_id.toLowerCase() : kase.id;
}

/** Called with every status change, inside its transaction. Cheap when the tenant has no status monitor. */
export async function enqueueStatusMonitorUpdate(
  trx: Trx, tenantId: string, caseId: string, change: { from: string; to: string; at: Date; eventId: string },
): Promise<void> {
  const state = monitorState(change.to);
  if (!state || state === monitorState(change.from)) return;
  const settings = await findPostfachSettings(trx, tenantId, 'bundid');
  if (!settings?.enabled || !settings.status_monitor) return;
  const kase = await trx.selectFrom('cases').select(['applicant']).where('tenant_id', '=', tenantId).where('id', '=', caseId).executeTakeFirst();
  const mailbox = (kase?.applicant as unknown as Applicant | undefined)?.mailbox;
  if (!mailbox?.identifier || channelOfMailbox(mailbox) !== 'bundid') return;
  await enqueue(trx, tenantId, 'postfach_status', { caseId, status: state, caseStatus: change.to, at: change.at.toISOString() }, {
    idempotencyKey: `postfach_status:${change.eventId}`,
  });
}

/** One delivery attempt of a status message (outbox deliverer 'postfach_status'). */
export async function deliverStatusUpdate(
  deps: { db: Database; config: AppConfig; blobs: BlobStore }, tenantId: string, payload: OutboxMessages['postfach_status'], idempotencyKey: string,
): Promise<void> {
  const loaded = await withTenant(deps.db, { tenantId }, async (trx) => ({
    settings: await findPostfachSettings(trx, tenantId, 'bundid'),
    kase: await trx.selectFrom('cases').select(['id', 'case_number', 'title', 'transaction_id', 'status']).where('tenant_id', '=', tenantId).where('id', '=', payload.caseId).executeTakeFirst(),
    authority: await tenantName(trx, tenantId),
  }));
  if (!loaded.kase) throw new DeliveryError('Der Vorgang existiert nicht mehr', true);
  const { settings, kase, authority } = loaded;
  // The outbox delivers a batch in parallel, so two status messages of one case can overtake each
  // other. The monitor must end on the case's current state: a message the case has moved past is
  // superseded by the newer one (already queued) and not sent, so an older state never lands last.
  if (monitorState(kase.status) !== payload.status) return;
  if (!settings?.enabled || !settings.status_monitor) throw notSetUp('bundid', 'für den Statusmonitor nicht eingeschaltet');
  if (missingFields('bundid', settings).length) throw notSetUp('bundid', 'unvollständig eingerichtet');
  await zbpAdapter(settings, deps.blobs, deps.config.outbound).sendState({
    applicationId: applicationIdOf(kase),
    status: payload.status,
    publicServiceName: kase.title,
    senderName: settings.sender_name ?? authority,
    createdDate: payload.at,
    statusDetails: isCaseStatus(payload.caseStatus) ? STATUS_LABELS[payload.caseStatus] : undefined,
    reference: kase.case_number,
  }, idempotencyKey);
}
