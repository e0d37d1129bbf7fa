import type { FastifyRequest } from 'fastify';
import type { AppInstance } from '../http/app-types.js';
import type { Database } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { authenticateSender, tokenFromHeaders } from './sender-auth.js';
import type { Sender } from './types.js';

const senders = new WeakMap<FastifyRequest, Sender>();

/**
 * Marks the scope's routes as intake submissions (so the global hook leaves a platform token sent
 * as Bearer to the sender hook); call before the routes are registered.
 */
export function markIntakeSenderRoutes(app: AppInstance): void {
  app.addHook('onRoute', (route) => {
    route.config = { ...(route.config ?? {}), intakeSender: true } as typeof route.config;
  });
}

/**
 * Authenticates the sender in onRequest, before a single byte of the body is read, so strangers
 * cannot make us buffer or parse anything. `credentialsMayFollowInBody` (SOAP with WS-Security):
 * a request without credentials in its headers passes, and the route authenticates from the
 * bounded start of the envelope; credentials that are present are still checked here.
 */
export function installSenderAuthentication(app: AppInstance, db: Database, perSecond: number, options: { credentialsMayFollowInBody?: boolean } = {}): void {
  markIntakeSenderRoutes(app);
  app.addHook('onRequest', async (request) => {
    if (options.credentialsMayFollowInBody && !request.principal && !tokenFromHeaders(request.headers)) return;
    senders.set(request, await authenticateSender(request, db, perSecond));
  });
}

export function senderOf(request: FastifyRequest): Sender {
  const sender = senders.get(request);
  if (!sender) throw new AppError('unauthenticated');
  return sender;
}

/** The sender authenticated from HTTP headers, or null when the credentials follow in the body. */
export function senderIfAuthenticated(request: FastifyRequest): Sender | null {
  return senders.get(request) ?? null;
}
