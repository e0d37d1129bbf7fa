import type { FastifyBaseLogger, FastifyInstance, RawReplyDefaultExpression, RawRequestDefaultExpression, RawServerDefault } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppConfig } from '../config.js';
import type { Database } from '../db/database.js';
import type { BlobStore } from '../blobs/blob-store.js';
import type { Principal } from '../auth/principal.js';

export interface AppDeps {
  db: Database;
  config: AppConfig;
  blobs: BlobStore;
}

export type AppInstance = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** A domain module's routes. Registered under /api by the app factory. */
export type RouteModule = (app: AppInstance, deps: AppDeps) => Promise<void>;

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the authentication hook; null when the request carries no valid credentials. */
    principal: Principal | null;
  }
}
