import type { LightMyRequestResponse as InjectResponse } from 'fastify';
import type { Database } from '../src/db/database.js';
import { hashPassword } from '../src/auth/passwords.js';
import { SESSION_COOKIE } from '../src/auth/sessions.js';
import type { Role } from '../src/auth/principal.js';
import { createUser, type TestTenant } from './factories.js';

export const TEST_PASSWORD = 'korrekt-pferd-batterie-42';

/** A user who can sign in with TEST_PASSWORD (or the given password). */
export async function createUserWithPassword(
  db: Database,
  options: { tenant?: TestTenant; roles?: Role[]; password?: string; email?: string; displayName?: string; orgUnitIds?: string[] } = {},
) {
  const password = options.password ?? TEST_PASSWORD;
  const user = await createUser(db, { ...options, passwordHash: await hashPassword(password) });
  return { ...user, password };
}

/** The session cookie a response set, as a request header value ("" when none was set). */
export function sessionCookieOf(response: InjectResponse): string {
  const cookie = response.cookies.find((c) => c.name === SESSION_COOKIE && c.value);
  return cookie ? `${SESSION_COOKIE}=${cookie.value}` : '';
}
