import type { Database } from '../db/database.js';
import { withPlatform, withTenant } from '../db/database.js';
import { AppError, notFound } from '../shared/errors.js';
import { randomToken, uuidv7 } from '../shared/ids.js';
import { assertOutboundUrl, type OutboundPolicy } from '../shared/outbound/index.js';
import * as repo from './repository.js';

export async function listWebhooks(db: Database, tenantId: string) {
  return withTenant(db, { tenantId }, (trx) => repo.listWebhooks(trx, tenantId));
}

/** Creates a subscription. The signing secret is returned here once and never shown again. */
export async function createWebhook(db: Database, tenantId: string, input: { url: string; eventTypes: string[] }, outbound: OutboundPolicy) {
  const url = assertOutboundUrl(input.url, outbound, { field: 'url', label: 'Die Empfänger-Adresse' });
  const secret = `whsec_${randomToken()}`;
  const eventTypes = [...new Set(input.eventTypes)];
  const webhook = await withTenant(db, { tenantId }, (trx) => repo.insertWebhook(trx, tenantId, { id: uuidv7(), url, secret, eventTypes }));
  return { webhook, secret };
}

export async function deleteWebhook(db: Database, tenantId: string, id: string): Promise<void> {
  const deleted = await withTenant(db, { tenantId }, (trx) => repo.deleteWebhook(trx, tenantId, id));
  if (!deleted) throw notFound('Das Webhook-Abonnement');
}

export async function listOutboxMessages(db: Database, tenantId: string, filter: { status?: repo.OutboxStatus; limit: number; cursor?: string }) {
  const rows = await withTenant(db, { tenantId }, (trx) => repo.listOutboxMessages(trx, tenantId, filter));
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1]!.id : null };
}

/** Puts a dead letter back into delivery: pending, attempts reset, due now. */
export async function retryOutboxMessage(db: Database, tenantId: string, id: string) {
  return withTenant(db, { tenantId }, async (trx) => {
    const message = await repo.findOutboxMessage(trx, tenantId, id);
    if (!message) throw notFound('Die Nachricht');
    if (message.status !== 'dead') {
      throw new AppError('conflict', { detail: 'Nur unzustellbare Nachrichten (Status „dead“) können erneut zugestellt werden.' });
    }
    return repo.requeueOutboxMessage(trx, tenantId, id);
  });
}

/** For platform operators: dead letters of every tenant, without any content. */
export async function listDeadLettersOfAllTenants(db: Database, limit: number) {
  return withPlatform(db, (trx) => repo.deadLettersOfAllTenants(trx, limit));
}

/**
 * For platform operators: puts a dead letter of any tenant back into delivery, in that tenant's
 * context. Answers the message's metadata only; the payload stays where it is.
 */
export async function retryDeadLetterOfAnyTenant(db: Database, id: string) {
  const tenantId = await withPlatform(db, (trx) => repo.deadLetterTenant(trx, id));
  if (!tenantId) throw notFound('Die unzustellbare Nachricht');
  return { tenantId, message: await retryOutboxMessage(db, tenantId, id) };
}
