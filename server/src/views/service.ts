import type { FastifyRequest } from 'fastify';
import { authorize, permissionsOf, requireTenantPrincipal } from '../auth/principal.js';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { normaliseViewQuery } from './query.js';
import { deleteView, findNameClash, findView, insertView, listVisibleViews, updateView, type ViewRow } from './repository.js';
import type { CreateViewBody, UpdateViewBody } from './schemas.js';

/** Who works with saved views: a signed-in person (API tokens have no "own" views). */
export interface ViewUser {
  tenantId: string;
  userId: string;
  mayShare: boolean;
}

export function viewUserOf(request: FastifyRequest): ViewUser {
  const principal = requireTenantPrincipal(request.principal);
  authorize(principal, 'cases:read');
  if (principal.kind !== 'user') {
    throw new AppError('forbidden', { detail: 'Gespeicherte Ansichten gibt es nur für angemeldete Mitarbeiterinnen und Mitarbeiter.' });
  }
  return { tenantId: principal.tenantId, userId: principal.userId, mayShare: permissionsOf(principal).has('admin:manage') };
}

const viewNotFound = (id: string) => new AppError('not_found', { detail: `Die Ansicht „${id}“ wurde nicht gefunden.` });
const ownerOnly = () => new AppError('forbidden', { detail: 'Nur wer die Ansicht angelegt hat, kann sie ändern oder löschen.' });
const sharingRefused = () =>
  new AppError('forbidden', { field: 'shared', detail: 'Nur die Administration kann Ansichten für alle in der Kommune freigeben.' });
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
  if (body.shared && !user.mayShare) throw sharingRefused();
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
      const view = await findView(trx, user.tenantId, viewId);
      if (!view || (view.owner_id !== user.userId && !view.shared)) throw viewNotFound(viewId);
      if (view.owner_id !== user.userId) throw ownerOnly();
      if (changes.shared !== undefined && changes.shared !== view.shared && !user.mayShare) throw sharingRefused();
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
    const view = await findView(trx, user.tenantId, viewId);
    if (!view || (view.owner_id !== user.userId && !view.shared)) throw viewNotFound(viewId);
    if (view.owner_id !== user.userId) throw ownerOnly();
    await deleteView(trx, user.tenantId, viewId);
  });
}
