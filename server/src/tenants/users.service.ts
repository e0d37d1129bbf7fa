import { sql } from 'kysely';
import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import type { Actor, Role } from '../auth/principal.js';
import { AppError, notFound } from '../shared/errors.js';
import { randomToken, sha256Hex, uuidv7 } from '../shared/ids.js';
import { assertOrgUnitsExist, diff, isUniqueViolation } from './admin-access.js';
import type { InviteUserBody, UpdateUserBody } from './schemas.js';

export const INVITE_TTL_MS = 7 * 24 * 3600_000;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

const USER_COLUMNS = ['id', 'email', 'display_name', 'roles', 'org_unit_ids', 'active', 'password_hash', 'oidc_subject', 'invite_token_hash', 'created_at', 'roles_from_idp'] as const;
export interface UserRow {
  id: string; email: string; display_name: string; roles: string[]; org_unit_ids: string[]; active: boolean;
  password_hash: string | null; oidc_subject: string | null; invite_token_hash: string | null; created_at: Date;
  roles_from_idp: boolean;
}

export async function listUsers(db: Database, tenantId: string): Promise<UserRow[]> {
  return withTenant(db, { tenantId }, (trx) => trx.selectFrom('users').select(USER_COLUMNS).orderBy('display_name').orderBy('id').execute());
}

/** Active colleagues for the assignee picker: ids and names only. */
export async function listColleagues(db: Database, tenantId: string): Promise<{ id: string; displayName: string }[]> {
  const rows = await withTenant(db, { tenantId }, (trx) =>
    trx.selectFrom('users').select(['id', 'display_name']).where('active', '=', true).orderBy('display_name').orderBy('id').execute(),
  );
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/** Creates the user with a one-time invitation (7 days); the plain token is returned once for the link. */
export async function inviteUser(
  db: Database,
  tenantId: string,
  input: InviteUserBody,
  actor: Actor,
): Promise<{ user: UserRow; inviteToken: string }> {
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email)) throw new AppError('validation_failed', { field: 'email', detail: 'Die E-Mail-Adresse („email“) ist ungültig.' });
  const displayName = input.displayName.trim();
  if (!displayName) throw new AppError('validation_failed', { field: 'displayName', detail: 'Der Name („displayName“) darf nicht leer sein.' });
  const roles = [...new Set(input.roles)];
  const orgUnitIds = [...new Set(input.orgUnitIds ?? [])];
  const inviteToken = randomToken();
  const duplicate = () => new AppError('duplicate', { field: 'email', detail: 'Es gibt bereits ein Konto mit dieser E-Mail-Adresse („email“).' });
  try {
    return await withTenant(db, { tenantId }, async (trx) => {
      await assertOrgUnitsExist(trx, orgUnitIds, 'orgUnitIds');
      const taken = await trx.selectFrom('users').select('id').where(sql<string>`lower(email)`, '=', email).executeTakeFirst();
      if (taken) throw duplicate();
      const user = await trx
        .insertInto('users')
        .values({
          id: uuidv7(),
          tenant_id: tenantId,
          email,
          display_name: displayName,
          password_hash: null,
          oidc_subject: null,
          roles,
          org_unit_ids: orgUnitIds,
          invite_token_hash: sha256Hex(inviteToken),
          invite_expires_at: new Date(Date.now() + INVITE_TTL_MS),
        })
        .returning(USER_COLUMNS)
        .executeTakeFirstOrThrow();
      await appendEvent(trx, tenantId, { caseId: null, type: 'user.invited', actor, data: { userId: user.id, roles, orgUnitIds } });
      return { user, inviteToken };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicate();
    throw error;
  }
}

export async function updateUser(db: Database, tenantId: string, userId: string, patch: UpdateUserBody, actor: Actor): Promise<UserRow> {
  return withTenant(db, { tenantId }, async (trx) => {
    const before = await trx.selectFrom('users').select(USER_COLUMNS).where('id', '=', userId).forUpdate().executeTakeFirst();
    if (!before) throw notFound('Die Person');
    assertNotLockingOutSelf(actor, userId, patch);
    if (before.roles_from_idp && (patch.roles || patch.orgUnitIds)) {
      throw new AppError('roles_managed_by_idp', { field: patch.roles ? 'roles' : 'orgUnitIds', detail: 'Rollen und Organisationseinheiten dieser Person verwaltet der Identitätsanbieter Ihrer Verwaltung. Ändern Sie dort die Gruppen; sie gelten ab der nächsten Anmeldung.' });
    }
    if (patch.orgUnitIds) await assertOrgUnitsExist(trx, patch.orgUnitIds, 'orgUnitIds');
    const next = {
      displayName: patch.displayName?.trim(),
      roles: patch.roles ? ([...new Set(patch.roles)] as Role[]) : undefined,
      orgUnitIds: patch.orgUnitIds ? [...new Set(patch.orgUnitIds)] : undefined,
      active: patch.active,
    };
    if (next.displayName === '') throw new AppError('validation_failed', { field: 'displayName', detail: 'Der Name („displayName“) darf nicht leer sein.' });
    const changes = diff(
      { displayName: before.display_name, roles: before.roles, orgUnitIds: before.org_unit_ids, active: before.active },
      next,
    );
    if (Object.keys(changes).length === 0) return before;
    const after = await trx
      .updateTable('users')
      .set({
        ...(next.displayName !== undefined ? { display_name: next.displayName } : {}),
        ...(next.roles ? { roles: next.roles } : {}),
        ...(next.orgUnitIds ? { org_unit_ids: next.orgUnitIds } : {}),
        ...(next.active !== undefined ? { active: next.active } : {}),
      })
      .where('id', '=', userId)
      .returning(USER_COLUMNS)
      .executeTakeFirstOrThrow();
    if (next.active === false) await endSessions(trx, userId);
    await appendEvent(trx, tenantId, { caseId: null, type: 'user.updated', actor, data: { userId, changes } });
    return after;
  });
}

function assertNotLockingOutSelf(actor: Actor, userId: string, patch: UpdateUserBody): void {
  if (actor.kind !== 'user' || actor.id !== userId) return;
  if (patch.active === false) {
    throw new AppError('conflict', { field: 'active', detail: 'Sie können Ihr eigenes Konto nicht deaktivieren („active“).' });
  }
  if (patch.roles && !patch.roles.includes('admin')) {
    throw new AppError('conflict', { field: 'roles', detail: 'Sie können sich die Rolle „admin“ nicht selbst entziehen („roles“).' });
  }
}

/** A deactivated account is signed out everywhere at once. */
async function endSessions(trx: Trx, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
