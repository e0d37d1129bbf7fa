import type { Database } from '../db/database.js';
import { withPlatform } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';
import { assertPasswordAcceptable, hashPassword, verifyPassword } from './passwords.js';
import { createOperatorSession, type NewSession } from './sessions.js';

export interface OperatorData {
  id: string;
  displayName: string;
  email: string;
}

/** Creates a platform operator account (used by the CLI). Operators manage tenants, never read cases. */
export async function createOperator(db: Database, input: { email: string; displayName: string; password: string }): Promise<OperatorData> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new AppError('validation_failed', { field: 'email', detail: 'Die E-Mail-Adresse („email“) ist ungültig.' });
  }
  if (!input.displayName.trim()) throw new AppError('validation_failed', { field: 'displayName', detail: 'Der Name („displayName“) fehlt.' });
  assertPasswordAcceptable(input.password, { context: [email, input.displayName] });
  const passwordHash = await hashPassword(input.password);
  const id = uuidv7();
  await withPlatform(db, async (trx) => {
    const taken = await trx.selectFrom('operators').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new AppError('duplicate', { field: 'email', detail: 'Es gibt bereits ein Betreiberkonto mit dieser E-Mail-Adresse („email“).' });
    await trx.insertInto('operators').values({ id, email, display_name: input.displayName.trim(), password_hash: passwordHash }).execute();
  });
  return { id, displayName: input.displayName.trim(), email };
}

export async function loginOperator(
  db: Database,
  input: { email: string; password: string },
  ttlHours: number,
): Promise<{ session: NewSession; operator: OperatorData }> {
  const row = await withPlatform(db, (trx) =>
    trx
      .selectFrom('operators')
      .select(['id', 'display_name', 'email', 'password_hash'])
      .where('email', '=', input.email.trim().toLowerCase())
      .executeTakeFirst(),
  );
  const ok = await verifyPassword(row?.password_hash, input.password);
  if (!row || !ok) throw new AppError('invalid_credentials');
  await withPlatform(db, (trx) =>
    trx.deleteFrom('operator_sessions').where('operator_id', '=', row.id).where('expires_at', '<', new Date()).execute(),
  );
  const session = await createOperatorSession(db, row.id, ttlHours);
  return { session, operator: { id: row.id, displayName: row.display_name, email: row.email } };
}

export async function loadOperator(db: Database, operatorId: string): Promise<OperatorData> {
  const row = await withPlatform(db, (trx) =>
    trx.selectFrom('operators').select(['id', 'display_name', 'email']).where('id', '=', operatorId).executeTakeFirst(),
  );
  if (!row) throw new AppError('unauthenticated');
  return { id: row.id, displayName: row.display_name, email: row.email };
}
