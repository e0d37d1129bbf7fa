import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { installErrorHandling } from '../http/error-handler.js';
import { installRoutePermissions } from '../auth/permissions/route-access.js';
import { opsRoutes } from '../ops/routes.js';

/**
 * What `amtsdesk worker` serves when AMTSDESK_WORKER_PORT is set: /healthz, /readyz and /metrics,
 * exactly as the web instances answer them (ops/routes.ts), and nothing else — no API, no web app.
 * The orchestrator's probes and Prometheus then see workers as they see web instances.
 */
export async function buildProbeApp(deps: AppDeps, logger: Logger): Promise<AppInstance> {
  const app = Fastify({ loggerInstance: logger.child({ component: 'worker-probes' }) as FastifyBaseLogger })
    .withTypeProvider<TypeBoxTypeProvider>() as AppInstance;
  installRoutePermissions(app);
  installErrorHandling(app);
  await opsRoutes(app, deps);
  return app;
}
