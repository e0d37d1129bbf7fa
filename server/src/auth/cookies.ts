import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config.js';
import { SESSION_COOKIE, type NewSession } from './sessions.js';

/** The session cookie: never readable by scripts, not sent on cross-site sub-requests. */
export function setSessionCookie(reply: FastifyReply, config: AppConfig, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    path: '/',
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, config: AppConfig): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, path: '/' });
}
