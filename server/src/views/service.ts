import type { FastifyRequest } from 'fastify';
import { permissionsOf, requireTenantPrincipal } from '../auth/principal.js';
import { requireOwnView, requireSharing, type ViewUser } from './policy.js';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { normaliseViewQuery } from './query.js';
import { deleteView, findNameClash, findView, insertView, listVisibleViews, updateView, type ViewRow } from './repository.js';
import type { CreateViewBody, UpdateViewBody } from './schemas.js';

/** Who works with saved views: a signed-in person (API tokens have no "own" views). */
export function viewUserOf(request: FastifyRequest): ViewUser {
  const principal = requireTenantPrincipal(request.principal);
  if (principal.kind !== 'user') {
    throw new AppError('forbidden', { detail: 'Gespeicherte Ansichten gibt es nur für angemeldete Mitarbeiterinnen und Mitarbeiter.' });
  }
  return { tenantId: principal.tenantId, userId: principal.userId, mayShare: permissionsOf(principal).has('view.share') };
}

const duplicateName = (name: string) =>
  new AppError('duplicate', { field: 'name', detail: `Sie haben bereits eine Ansicht mit dem Namen „${name}“. Bitte wählen Sie einen anderen Namen („name“).` });
const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

function cleanName(name: string): string {
  const text = name.trim().replace(/\s+/g, ' ');
  if (!text) throw new AppError('validation_failed', { field: 'name', detail: 'Bitte geben Sie einen Namen für die Ansicht („name“) ein.' });
  return text;
}

async function ensureNameFree(trx: Trx, user: ViewUser, name: string, exceptId?: string): Promise<void> {
  if (await findNameClash(trx, user.tenantId, user.userId, name, exceptId)) throw duplicateName(name);
}

export async function listViews(db: Database, user: ViewUser): Promise<ViewRow[]> {
  return withTenant(db, user, (trx) => listVisibleViews(trx, user.tenantId, user.userId));
}

export async function createView(db: Database, user: ViewUser, body: CreateViewBody): Promise<ViewRow> {
  const name = cleanName(body.name);
  const query = normaliseViewQuery(body.query);
  requireSharing(user, false, body.shared ?? false);
  try {
    return await withTenant(db, user, async (trx) => {
      await ensureNameFree(trx, user, name);
      const id = await insertView(trx, user.tenantId, user.userId, { name, query, shared: body.shared ?? false });
      return (await findView(trx, user.tenantId, id))!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(name);
    throw error;
  }
}

export async function changeView(db: Database, user: ViewUser, viewId: string, body: UpdateViewBody): Promise<ViewRow> {
  const changes: Partial<{ name: string; query: string; shared: boolean }> = {};
  if (body.name !== undefined) changes.name = cleanName(body.name);
  if (body.query !== undefined) changes.query = normaliseViewQuery(body.query);
  if (body.shared !== undefined) changes.shared = body.shared;
  try {
    return await withTenant(db, user, async (trx) => {
      const view = requireOwnView(user, await findView(trx, user.tenantId, viewId), viewId);
      requireSharing(user, view.shared, changes.shared);
      if (changes.name !== undefined) await ensureNameFree(trx, user, changes.name, viewId);
      await updateView(trx, user.tenantId, viewId, changes);
      return (await findView(trx, user.tenantId, viewId))!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(changes.name ?? '');
    throw error;
  }
}

export async function removeView(db: Database, user: ViewUser, viewId: string): Promise<void> {
  await withTenant(db, user, async (trx) => {
    requireOwnView(user, await findView(trx, user.tenantId, viewId), viewId);
    await deleteView(trx, user.tenantId, viewId);
  });
}
