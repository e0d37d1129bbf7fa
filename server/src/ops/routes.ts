import { Type } from '@sinclair/typebox';
import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '../config.js';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { AppError } from '../shared/errors.js';
import { schemaReadiness } from './schema-readiness.js';
import { httpRequestDuration, metricsText, METRICS_CONTENT_TYPE, reportDatabasePool } from './metrics.js';
import { notReadyReason } from './readiness.js';

const TAGS = ['Betrieb'];

/**
 * Who may read /metrics. The numbers reveal load, tenants' activity and failure rates, so with a
 * token it is required (any mode); without one /metrics is public only in development and not
 * served at all in production.
 */
export function metricsAccessOf(config: Pick<AppConfig, 'mode' | 'metricsToken'>): 'public' | 'token' | 'off' {
  if (config.metricsToken) return 'token';
  return config.mode === 'production' ? 'off' : 'public';
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/i.exec(header ?? '')?.[1] ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
const StatusBody = Type.Object({ status: Type.String() });
const Problem = Type.Object({ code: Type.String(), detail: Type.String() }, { additionalProperties: true });

/**
 * Liveness, readiness and Prometheus metrics at the root (not under /api), where load balancers and
 * scrapers expect them. Request durations are labelled with the route template, never the raw URL:
 * ids and query strings would explode the label space and may carry personal data.
 */
export async function opsRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const histogram = httpRequestDuration();
  const schemaNewer = schemaReadiness(deps.db, app.log);
  // Read at scrape time (not now: the OpenAPI build runs this without a database).
  reportDatabasePool(() => deps.db.poolStats?.());
  // Every log line of a signed-in request names its tenant by id (never the user or their data),
  // so an operator can follow one municipality's requests across instances.
  app.addHook('preHandler', async (request) => {
    const principal = request.principal as { tenantId?: unknown } | null;
    // pino's setBindings changes this request's logger in place, so Fastify's "request completed"
    // line (logged through the same child) carries the tenant too; a new child would not.
    const log = request.log as typeof request.log & Partial<Pick<import('pino').Logger, 'setBindings'>>;
    if (principal && typeof principal.tenantId === 'string') log.setBindings?.({ tenantId: principal.tenantId });
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    histogram.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get(
    '/healthz',
    { schema: { tags: TAGS, summary: 'Lebenszeichen des Prozesses', response: { 200: StatusBody } } },
    async () => ({ status: 'ok' }),
  );

  // Logged when readiness changes, not on every probe: one clear line per outage and one when it ends.
  let lastFailure: string | null = null;
  app.get(
    '/readyz',
    {
      schema: {
        tags: TAGS,
        summary: 'Bereitschaft: Datenbank erreichbar, Schema aktuell und dieser Version bekannt, Dateispeicher erreichbar',
        response: { 200: StatusBody, 503: Problem },
      },
    },
    async (request) => {
      const reason = await notReadyReason(deps.db, deps.blobs);
      if (reason) {
        if (lastFailure !== reason.internal) request.log.error({ check: reason.check }, reason.internal);
        lastFailure = reason.internal;
        throw new AppError('unavailable', { detail: reason.detail, internal: reason.internal });
      }
      // A newer version migrated the database: this instance must not serve (log line in schema-readiness.ts).
      if ((await schemaNewer()).length > 0) {
        throw new AppError('unavailable', { detail: 'Die Datenbank hat ein neueres Schema, als diese Version kennt. Diese Instanz muss aktualisiert werden.', internal: 'readyz: newer schema' });
      }
      if (lastFailure) request.log.info('readyz: ready again');
      lastFailure = null;
      return { status: 'ok' };
    },
  );

  const metricsAccess = metricsAccessOf(deps.config);
  app.get(
    '/metrics',
    {
      config: { ownBearer: true },
      schema: {
        hide: metricsAccess === 'off',
        tags: TAGS,
        summary: 'Metriken im Prometheus-Textformat (mit AMTSDESK_METRICS_TOKEN nur mit diesem Bearer-Token)',
        ...(metricsAccess === 'token' ? { security: [{ bearer: [] }] } : {}),
        produces: ['text/plain'],
        response: { 200: { description: 'Prometheus exposition format', content: { 'text/plain': { schema: Type.String() } } } },
      },
    },
    async (request, reply) => {
      // Answered here (not left to the web app's fallback page) so a scraper sees a clear 404.
      if (metricsAccess === 'off') throw new AppError('not_found', { detail: 'Die Metriken sind in diesem Betrieb nicht freigegeben.' });
      if (metricsAccess === 'token' && !bearerMatches(request.headers.authorization, deps.config.metricsToken!)) {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        throw new AppError('unauthenticated', { detail: 'Die Metriken erfordern das Metrik-Token des Betriebs (Authorization: Bearer …).', internal: 'metrics: missing or wrong token' });
      }
      const body = await metricsText();
      return reply.type(METRICS_CONTENT_TYPE).send(body);
    },
  );
}
