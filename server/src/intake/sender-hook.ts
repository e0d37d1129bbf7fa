import type { FastifyRequest } from 'fastify';
import type { AppInstance } from '../http/app-types.js';
import type { Database } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { authenticateSender } from './sender-auth.js';
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

/** Authenticates the sender before the body is read, so strangers cannot make us parse 200 MB. */
export function installSenderAuthentication(app: AppInstance, db: Database, perSecond: number): void {
  markIntakeSenderRoutes(app);
  app.addHook('onRequest', async (request) => {
    senders.set(request, await authenticateSender(request, db, perSecond));
  });
}

export function senderOf(request: FastifyRequest): Sender {
  const sender = senders.get(request);
  if (!sender) throw new AppError('unauthenticated');
  return sender;
}
