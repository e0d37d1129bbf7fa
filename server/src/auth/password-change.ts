import type { Database } from '../db/database.js';
import { withTenant } from '../db/database.js';
import { appendEvent } from '../events/chain.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/ids.js';
import { assertPasswordAcceptable } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { UserPrincipal } from './principal.js';

/**
 * A signed-in person changes their password. The current password is asked again (a session left
 * open on a shared PC must not be enough), the new one must pass the policy, and every other
 * session of the person ends in the same transaction: whoever knew the old password and signed in
 * with it is out. The session of this request stays. Returns how many sessions ended.
 */
export async function changePassword(
  db: Database,
  user: UserPrincipal,
  input: { currentPassword: string; newPassword: string },
  currentSessionToken: string | undefined,
): Promise<number> {
  const row = await withTenant(db, { tenantId: user.tenantId }, (trx) =>
    trx.selectFrom('users as u').innerJoin('tenants as t', 't.id', 'u.tenant_id')
      .select(['u.password_hash', 'u.email', 'u.display_name', 't.name as tenant_name', 't.slug as tenant_slug'])
      .where('u.id', '=', user.userId).where('u.active', '=', true)
      .executeTakeFirst(),
  );
  if (!row) throw new AppError('unauthenticated');
  if (!row.password_hash) {
    throw new AppError('conflict', { detail: 'Sie melden sich über den Anmeldedienst Ihrer Kommune an; Ihr Passwort ändern Sie dort.' });
  }
  if (!(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new AppError('validation_failed', { field: 'currentPassword', detail: 'Das bisherige Passwort („currentPassword“) ist nicht richtig.' });
  }
  if (input.newPassword === input.currentPassword) {
    throw new AppError('weak_password', { field: 'newPassword', detail: 'Das neue Passwort („newPassword“) muss sich vom bisherigen unterscheiden.' });
  }
  assertPasswordAcceptable(input.newPassword, { field: 'newPassword', context: [row.email, row.display_name, row.tenant_name, row.tenant_slug] });
  const passwordHash = await hashPassword(input.newPassword);
  const keep = currentSessionToken ? sha256Hex(currentSessionToken) : '';
  return withTenant(db, { tenantId: user.tenantId }, async (trx) => {
    // Guarded by the hash just verified: of two concurrent changes only the first one applies.
    const updated = await trx.updateTable('users').set({ password_hash: passwordHash })
      .where('id', '=', user.userId).where('password_hash', '=', row.password_hash).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new AppError('conflict', { detail: 'Das Passwort wurde gerade anderweitig geändert. Bitte melden Sie sich neu an.' });
    const ended = await trx.deleteFrom('sessions').where('user_id', '=', user.userId).where('token_hash', '!=', keep).executeTakeFirst();
    await appendEvent(trx, user.tenantId, {
      caseId: null,
      type: 'user.password_changed',
      actor: { kind: 'user', id: user.userId, name: user.displayName },
      data: { userId: user.userId, sessionsEnded: Number(ended.numDeletedRows) },
    });
    return Number(ended.numDeletedRows);
  });
}
