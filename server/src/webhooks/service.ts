import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertOutboundUrl, type OutboundPolicy } from '../shared/outbound/index.js';
import { isSubscribableType } from './catalogue.js';
import { envelopeOf, type EventEnvelope } from './envelope.js';
import * as repo from './repository.js';
import { newWebhookSecret } from './signature.js';

export interface NewEndpoint {
  url: string;
  eventTypes: string[];
  description?: string;
  /** Set by the module that owns the endpoint (a registered Fachverfahren client); admins create ownerless ones. */
  owner?: { kind: 'client'; id: string };
}

/**
 * Registers a webhook endpoint. The URL passes the SSRF guard now (and every address again at
 * connect time); the Standard Webhooks secret is returned here once and never shown again.
 */
export async function createEndpoint(db: Database, tenantId: string, input: NewEndpoint, outbound: OutboundPolicy) {
  const url = assertOutboundUrl(input.url, outbound, { field: 'url', label: 'Die Adresse des Webhook-Endpunkts' });
  const eventTypes = [...new Set(input.eventTypes)];
  const unknown = eventTypes.find((t) => !isSubscribableType(t));
  if (unknown) {
    throw new AppError('event_type_unknown', { field: 'eventTypes', detail: `Den Ereignistyp „${unknown.slice(0, 100)}“ gibt es im Ereigniskatalog nicht (Feld „eventTypes“).` });
  }
  const secret = newWebhookSecret();
  const endpoint = await withTenant(db, { tenantId }, (trx) =>
    repo.insertEndpoint(trx, tenantId, { id: uuidv7(), url, secret, description: input.description?.trim() ?? '', eventTypes, owner: input.owner }),
  );
  return { endpoint, secret };
}

export function listEndpoints(db: Database, tenantId: string) {
  return withTenant(db, { tenantId }, (trx) => repo.listEndpoints(trx, tenantId));
}

export async function deleteEndpoint(db: Database, tenantId: string, id: string): Promise<void> {
  const deleted = await withTenant(db, { tenantId }, (trx) => repo.deleteEndpoint(trx, tenantId, id));
  if (!deleted) throw notFound('Der Webhook-Endpunkt');
}

export async function resetBreaker(db: Database, tenantId: string, id: string) {
  const row = await withTenant(db, { tenantId }, (trx) => repo.resetBreaker(trx, tenantId, id));
  if (!row) throw notFound('Der Webhook-Endpunkt');
  return row;
}

/** A page of the tenant's event feed after `after` (0: from the start). */
export async function readFeed(db: Database, tenantId: string, after: number, limit: number) {
  const rows = await withTenant(db, { tenantId }, (trx) => repo.eventsAfter(trx, tenantId, after, limit));
  const items = rows.slice(0, limit).map(envelopeOf).filter((e): e is EventEnvelope => e !== null);
  const last = items[items.length - 1];
  return { items, nextCursor: String(last ? last.sequence : after), hasMore: rows.length > limit };
}

export async function listDeliveries(db: Database, tenantId: string, filter: { status?: string; endpointId?: string; limit: number; cursor?: string }) {
  const rows = await withTenant(db, { tenantId }, (trx) => repo.listDeliveries(trx, tenantId, filter));
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1]!.id : null };
}

/** Puts a dead letter back into delivery (the admin's "erneut senden"). */
export async function resendDelivery(db: Database, tenantId: string, id: string) {
  return withTenant(db, { tenantId }, async (trx) => {
    const delivery = await repo.findDelivery(trx, tenantId, id);
    if (!delivery) throw notFound('Die Webhook-Zustellung');
    if (delivery.status !== 'dead') throw new AppError('webhook_delivery_not_dead');
    return repo.requeueDelivery(trx, tenantId, id);
  });
}
