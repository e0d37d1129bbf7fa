import type { Database } from '../db/database.js';
import { withPlatform } from '../db/database.js';
import { hashPassword } from '../auth/passwords.js';
import { AppError } from '../shared/errors.js';
import { uuidv7 } from '../shared/ids.js';

export interface NewOperator {
  email: string;
  displayName: string;
  password: string;
}

/** A platform operator (state data centre staff): manages tenants, never reads their cases. */
export async function createOperator(db: Database, input: NewOperator): Promise<{ id: string }> {
  const email = input.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw new AppError('validation_failed', { field: 'email', detail: 'Die E-Mail-Adresse („email“) ist ungültig.' });
  }
  if (!input.displayName.trim()) throw new AppError('validation_failed', { field: 'name', detail: 'Der Name („name“) fehlt.' });
  const passwordHash = await hashPassword(input.password);
  const id = uuidv7();
  return withPlatform(db, async (trx) => {
    const taken = await trx.selectFrom('operators').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new AppError('duplicate', { field: 'email', detail: 'Ein Betreiberkonto mit dieser E-Mail-Adresse existiert bereits.' });
    await trx.insertInto('operators').values({ id, email, display_name: input.displayName.trim(), password_hash: passwordHash }).execute();
    return { id };
  });
}
