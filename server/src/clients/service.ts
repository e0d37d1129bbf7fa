import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import type { AppConfig } from '../config.js';
import { appendEvent } from '../events/chain.js';
import type { Actor } from '../auth/principal.js';
import { AppError, notFound } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertOutboundUrl } from '../shared/outbound/index.js';
import { newClientId, newSecret } from './credentials.js';
import { existingServices, listClientRows, lockClient, serviceRouting, type ClientRow, type RoutingRow } from './repository.js';
import { returnAllCases } from './handover.js';
import type { ClientScope } from '../auth/permissions/catalog.js';

/*
 * Registering Fachverfahren (tenant admin): name, services, scopes, webhook endpoint; credentials
 * issued here, the secret shown once. Every change is one transaction with its history event.
 */

export interface ClientInput {
  name: string;
  scopes: ClientScope[];
  serviceIds: string[];
  webhookUrl?: string | null;
}

const NOT_FOUND = 'Das Fachverfahren';

async function checkServices(trx: Trx, serviceIds: string[]): Promise<string[]> {
  const wanted = [...new Set(serviceIds)];
  const found = new Set((await existingServices(trx, wanted)).map((s) => s.id));
  const unknown = wanted.find((id) => !found.has(id));
  if (unknown) throw new AppError('unprocessable', { field: 'serviceIds', detail: `Die Leistung „${unknown}“ gibt es in dieser Kommune nicht.` });
  return wanted;
}

function checkedWebhook(config: AppConfig, url: string | null | undefined): string | null {
  if (url === undefined || url === null || url.trim() === '') return null;
  return assertOutboundUrl(url, config.outbound, { field: 'webhookUrl', label: 'Die Webhook-Adresse des Fachverfahrens' });
}

async function nameTaken(trx: Trx, name: string, except?: string): Promise<void> {
  const rows = await trx.selectFrom('fachverfahren_clients').select(['id', 'name']).where('revoked_at', 'is', null).execute();
  if (rows.some((r) => r.id !== except && r.name.toLowerCase() === name.toLowerCase())) {
    throw new AppError('duplicate', { field: 'name', detail: `Ein Fachverfahren „${name}“ ist bereits registriert.` });
  }
}

export async function listClients(db: Database, tenantId: string): Promise<ClientRow[]> {
  return withTenant(db, { tenantId }, (trx) => listClientRows(trx));
}

export async function registerClient(db: Database, config: AppConfig, tenantId: string, input: ClientInput, actor: Actor) {
  const name = input.name.trim();
  const webhookUrl = checkedWebhook(config, input.webhookUrl);
  return withTenant(db, { tenantId }, async (trx) => {
    await nameTaken(trx, name);
    const serviceIds = await checkServices(trx, input.serviceIds);
    const id = uuidv7();
    const clientId = newClientId();
    const { secret, hash } = newSecret();
    const scopes = [...new Set(input.scopes)];
    await trx.insertInto('fachverfahren_clients').values({
      id, tenant_id: tenantId, client_id: clientId, secret_hash: hash, name, scopes, service_ids: serviceIds, webhook_url: webhookUrl,
      created_by: actor.kind === 'user' ? actor.id : null, revoked_at: null,
    }).execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'fachverfahren.registered', actor, data: { clientId: id, name, scopes, serviceIds } });
    const row = (await lockClient(trx, id))!;
    return { row, clientSecret: secret };
  });
}

export async function updateClient(db: Database, config: AppConfig, tenantId: string, id: string, input: ClientInput, actor: Actor): Promise<ClientRow> {
  const name = input.name.trim();
  const webhookUrl = checkedWebhook(config, input.webhookUrl);
  return withTenant(db, { tenantId }, async (trx) => {
    const before = await lockClient(trx, id);
    if (!before || before.revoked_at) throw notFound(NOT_FOUND);
    await nameTaken(trx, name, id);
    const serviceIds = await checkServices(trx, input.serviceIds);
    const routed = (await serviceRouting(trx)).find((s) => s.new_cases_client_id === id && !serviceIds.includes(s.id));
    if (routed) {
      throw new AppError('unprocessable', {
        field: 'serviceIds',
        detail: `Neue Vorgänge der Leistung „${routed.name}“ gehen an dieses Fachverfahren. Stellen Sie den Eingangsweg der Leistung zuerst um.`,
      });
    }
    const scopes = [...new Set(input.scopes)];
    await trx.updateTable('fachverfahren_clients').set({ name, scopes, service_ids: serviceIds, webhook_url: webhookUrl }).where('id', '=', id).execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'fachverfahren.updated', actor, data: { clientId: id, name, scopes, serviceIds } });
    return (await lockClient(trx, id))!;
  });
}

/** A new secret; the old one and every access token stop working at once. */
export async function rotateSecret(db: Database, tenantId: string, id: string, actor: Actor) {
  return withTenant(db, { tenantId }, async (trx) => {
    const before = await lockClient(trx, id);
    if (!before || before.revoked_at) throw notFound(NOT_FOUND);
    const { secret, hash } = newSecret();
    await trx.updateTable('fachverfahren_clients').set({ secret_hash: hash, secret_rotated_at: new Date() }).where('id', '=', id).execute();
    await trx.deleteFrom('fachverfahren_access_tokens').where('client_id', '=', id).execute();
    await appendEvent(trx, tenantId, { caseId: null, type: 'fachverfahren.secret_rotated', actor, data: { clientId: id } });
    return { row: (await lockClient(trx, id))!, clientSecret: secret };
  });
}

/**
 * Revoked: no more tokens, its services' new cases go to the desk again, and the cases it holds
 * come back to the desk (each with a history event), so nothing waits on a procedure that is gone.
 */
export async function revokeClient(db: Database, tenantId: string, id: string, actor: Actor): Promise<void> {
  await withTenant(db, { tenantId }, async (trx) => {
    const before = await lockClient(trx, id);
    if (!before) throw notFound(NOT_FOUND);
    if (before.revoked_at) return;
    await trx.updateTable('fachverfahren_clients').set({ revoked_at: new Date() }).where('id', '=', id).execute();
    await trx.deleteFrom('fachverfahren_access_tokens').where('client_id', '=', id).execute();
    const routed = (await serviceRouting(trx)).filter((s) => s.new_cases_client_id === id);
    for (const service of routed) await writeRouting(trx, tenantId, service, { to: 'desk', clientId: null }, actor);
    await returnAllCases(trx, tenantId, { id, name: before.name }, actor);
    await appendEvent(trx, tenantId, { caseId: null, type: 'fachverfahren.revoked', actor, data: { clientId: id } });
  });
}

export type NewCasesTo = 'desk' | 'fachverfahren' | 'both';

export async function listRouting(db: Database, tenantId: string): Promise<RoutingRow[]> {
  return withTenant(db, { tenantId }, (trx) => serviceRouting(trx));
}

async function writeRouting(trx: Trx, tenantId: string, service: RoutingRow, next: { to: NewCasesTo; clientId: string | null }, actor: Actor) {
  await trx.updateTable('services').set({ new_cases_to: next.to, new_cases_client_id: next.clientId }).where('id', '=', service.id).execute();
  await appendEvent(trx, tenantId, {
    caseId: null, type: 'service.routing_changed', actor,
    data: { serviceId: service.id, newCasesTo: { from: service.new_cases_to, to: next.to }, clientId: { from: service.new_cases_client_id, to: next.clientId } },
  });
}

/** Where new cases of a service go: the desk, a Fachverfahren that handles the service, or both. */
export async function setServiceRouting(db: Database, tenantId: string, serviceId: string, input: { newCasesTo: NewCasesTo; clientId?: string | null }, actor: Actor) {
  return withTenant(db, { tenantId }, async (trx) => {
    const service = (await serviceRouting(trx)).find((s) => s.id === serviceId);
    if (!service) throw notFound('Die Leistung');
    let clientId: string | null = null;
    if (input.newCasesTo !== 'desk') {
      if (!input.clientId) throw new AppError('validation_failed', { field: 'clientId', detail: 'Bitte wählen Sie das Fachverfahren („clientId“), an das neue Vorgänge gehen.' });
      const client = await lockClient(trx, input.clientId);
      if (!client || client.revoked_at) throw new AppError('unprocessable', { field: 'clientId', detail: 'Dieses Fachverfahren ist in dieser Kommune nicht (mehr) registriert.' });
      if (!client.service_ids.includes(serviceId)) {
        throw new AppError('unprocessable', { field: 'clientId', detail: `Das Fachverfahren „${client.name}“ bearbeitet die Leistung „${service.name}“ nicht. Ordnen Sie sie ihm zuerst zu.` });
      }
      clientId = client.id;
    }
    if (service.new_cases_to !== input.newCasesTo || service.new_cases_client_id !== clientId) {
      await writeRouting(trx, tenantId, service, { to: input.newCasesTo, clientId }, actor);
    }
    return (await serviceRouting(trx)).find((s) => s.id === serviceId)!;
  });
}
