import { Type } from '@sinclair/typebox';
import { sql } from 'kysely';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { AppError } from '../shared/errors.js';
import { httpRequestDuration, metricsText, METRICS_CONTENT_TYPE } from './metrics.js';

const TAGS = ['Betrieb'];
const StatusBody = Type.Object({ status: Type.String() });
const Problem = Type.Object({ code: Type.String(), detail: Type.String() }, { additionalProperties: true });

/**
 * Liveness, readiness and Prometheus metrics at the root (not under /api), where load balancers and
 * scrapers expect them. Request durations are labelled with the route template, never the raw URL:
 * ids and query strings would explode the label space and may carry personal data.
 */
export async function opsRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const histogram = httpRequestDuration();
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions?.url ?? 'unmatched';
    histogram.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  app.get(
    '/healthz',
    { schema: { tags: TAGS, summary: 'Lebenszeichen des Prozesses', response: { 200: StatusBody } } },
    async () => ({ status: 'ok' }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: TAGS,
        summary: 'Bereitschaft: die Datenbank antwortet',
        response: { 200: StatusBody, 503: Problem },
      },
    },
    async (request) => {
      try {
        await sql`select 1`.execute(deps.db.kysely);
      } catch (error) {
        request.log.warn({ err: { message: (error as Error).message } }, 'readiness check failed');
        throw new AppError('unavailable', { detail: 'Die Datenbank antwortet nicht.', internal: 'readyz: select 1 failed' });
      }
      return { status: 'ok' };
    },
  );

  app.get(
    '/metrics',
    {
      schema: {
        tags: TAGS,
        summary: 'Metriken im Prometheus-Textformat',
        produces: ['text/plain'],
        response: { 200: { description: 'Prometheus exposition format', content: { 'text/plain': { schema: Type.String() } } } },
      },
    },
    async (_request, reply) => {
      const body = await metricsText();
      return reply.type(METRICS_CONTENT_TYPE).send(body);
    },
  );
}
