import Fastify, { type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppDeps, AppInstance, RouteModule } from '../http/app-types.js';
import { installErrorHandling, toAppError } from '../http/error-handler.js';
import { installSecurityHeaders } from '../http/security-headers.js';
import { answerClientError, installOddInputGuards } from '../http/odd-input.js';
import { toProblem } from '../shared/errors.js';
import { loggerOptions } from '../shared/logger.js';
import { installAuthentication, authRoutes } from '../auth/routes.js';
import { tenantRoutes } from '../tenants/routes.js';
import { caseRoutes } from '../cases/routes.js';
import { caseBulkRoutes } from '../cases/bulk.routes.js';
import { liveRoutes } from '../live/routes.js';
import { outboxRoutes } from '../outbox/routes.js';
import { opsRoutes } from '../ops/routes.js';
import { staticWebRoutes } from '../http/static.js';
import { platformRoutes } from '../platform/routes.js';
import { intakeRoutes, intakeRootRoutes } from '../intake/routes.js';
import { mailboxRoutes } from '../mailbox/routes.js';
import { portalRoutes } from '../portal/routes.js';
import { decisionRoutes } from '../decisions/routes.js';
import { noteRoutes } from '../notes/routes.js';
import { absenceRoutes } from '../absences/routes.js';
import { deadlineRoutes } from '../deadlines/routes.js';
import { participantRoutes } from '../participants/routes.js';
import { followUpRoutes } from '../followups/routes.js';
import { taskRoutes } from '../tasks/routes.js';
import { statsRoutes } from '../stats/routes.js';
import { viewRoutes } from '../views/routes.js';
import { notificationRoutes } from '../notifications/routes.js';
import { withMalwareScanning } from '../scanning/index.js';
import { identifierRoutes } from '../identifiers/routes.js';
import { applicantMappingRoutes } from '../intake/applicant/routes.js';
import { recordsRoutes } from '../records/routes.js';
import { tenantExportRoutes } from '../records/export/routes.js';
import { destructionRoutes } from '../records/destruction/routes.js';
import { clientRoutes } from '../clients/routes.js';
import { processorRoutes } from '../processors/routes.js';
import { registerRoutes } from '../registers/routes.js';
import { installRoutePermissions } from '../auth/permissions/route-access.js';
import { eventCatalogueOpenApi } from '../webhooks/envelope.js';
import { webhookRoutes } from '../webhooks/routes.js';
import { xdomeaRoutes } from '../xdomea/routes.js';
import { xdomeaWebhookRoutes } from '../xdomea/webhook.js';
import type { XdomeaMessageBuilders } from '../xdomea/contract.js';
import { createXdomeaMessages } from '../xdomea/messages/index.js';
import { delegationRoutes } from '../delegation/routes.js';
import { installDelegatedAccess } from '../delegation/access.js';

const API_MODULES: RouteModule[] = [
  authRoutes, tenantRoutes, caseRoutes, caseBulkRoutes, liveRoutes, outboxRoutes, platformRoutes, intakeRoutes, noteRoutes, followUpRoutes,
  decisionRoutes, mailboxRoutes, portalRoutes, statsRoutes, viewRoutes, notificationRoutes, identifierRoutes, applicantMappingRoutes, recordsRoutes,
  tenantExportRoutes,
  destructionRoutes,
  clientRoutes,
  webhookRoutes,
  xdomeaRoutes,
  deadlineRoutes, absenceRoutes,
  participantRoutes, processorRoutes, registerRoutes,
  delegationRoutes,
  taskRoutes,
];

export interface BuildAppOptions {
  logger?: boolean;
  /** Where JSON log lines go (default stdout); tests capture them to check for personal data. */
  logStream?: { write(line: string): void };
  /** The xdomea message builders (default: main/xdomea.ts); tests pass their stand-in. */
  xdomeaBuilders?: XdomeaMessageBuilders;
}

export async function buildApp(given: AppDeps, options: BuildAppOptions = {}): Promise<AppInstance> {
  // Every upload path stores through deps.blobs; with AMTSDESK_CLAMD set it scans on the way in.
  const deps: AppDeps = { ...given, blobs: withMalwareScanning(given.blobs, given.config) };
  const app = Fastify({
    logger: options.logger === false ? false : { ...loggerOptions(deps.config.logLevel), ...(options.logStream ? { stream: options.logStream } : {}) },
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: 'x-request-id',
    bodyLimit: 5 * 1024 * 1024,
    // X-Forwarded-For counts only from the configured proxies; otherwise request.ip is the peer.
    trustProxy: deps.config.trustedProxies.length > 0 ? deps.config.trustedProxies : false,
    ajv: { customOptions: { allErrors: false, coerceTypes: 'array', removeAdditional: false } },
    // Requests Node or the router refuses before any route runs get problem+json too (odd-input.ts).
    clientErrorHandler: answerClientError,
    frameworkErrors: (error, request, reply) => {
      const appError = toAppError(error);
      void (reply as FastifyReply).status(appError.status).header('content-type', 'application/problem+json; charset=utf-8').send(toProblem(appError));
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  installRoutePermissions(app);
  installSecurityHeaders(app, deps.config);
  installErrorHandling(app);
  installOddInputGuards(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Amtsdesk API',
        version: '0.1.0',
        description: 'Vorgangsbearbeitung für Kommunen. Fehler folgen RFC 9457 (application/problem+json) mit stabilem `code`.',
        license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
      },
      // The event catalogue: one JSON Schema per event and version, and the webhooks they arrive as (decision 0025).
      // (Plain JSON Schema objects; the swagger options type wants its own OpenAPI typings.)
      webhooks: eventCatalogueOpenApi().webhooks as never,
      components: {
        schemas: eventCatalogueOpenApi().schemas as never,
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'amtsdesk_session' },
          bearer: { type: 'http', scheme: 'bearer', description: 'API-Schlüssel der Kommune (adk_…), Zugriffstoken eines Fachverfahrens (adka_…, von POST /api/oauth/token); bei Eingangs-Schnittstellen auch der plattformweite Eingangs-Zugang (adkp_…).' },
          intakeBasic: { type: 'http', scheme: 'basic', description: 'Nur Eingangs-Schnittstellen: HTTP Basic, Benutzername beliebig, Passwort = Eingangs-Zugang oder API-Schlüssel.' },
          intakeToken: { type: 'apiKey', in: 'header', name: 'X-Intake-Token', description: 'Nur Eingangs-Schnittstellen: Eingangs-Zugang oder API-Schlüssel in dieser Kopfzeile.' },
          portal: { type: 'apiKey', in: 'cookie', name: 'amtsdesk_portal' },
        },
      },
    },
  });
  // The API description maps every route and parameter: public in development, opt-in in production.
  if (deps.config.publicApiDocs) {
    // Collapsed tags and no model list: the document is large (100+ paths) and renders fully only so.
    await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { docExpansion: 'none', defaultModelsExpandDepth: -1 } });
    app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  }

  await installAuthentication(app, deps);
  // Case work for another municipality: after authentication, before the routes' permission checks (decision 0031).
  installDelegatedAccess(app as AppInstance, deps);
  await opsRoutes(app, deps);
  for (const module of API_MODULES) {
    await app.register(async (scoped) => module(scoped as AppInstance, deps), { prefix: '/api' });
  }
  // Receivers push their xdomea answers here (signed); the builders parse and validate them.
  const xdomeaWebhook = xdomeaWebhookRoutes(options.xdomeaBuilders ?? createXdomeaMessages({ blobs: deps.blobs }));
  await app.register(async (scoped) => xdomeaWebhook(scoped as AppInstance, deps), { prefix: '/api' });
  // OZG-Cloud form systems post to /antrag at the root; only the host name changes for them.
  await app.register(async (scoped) => intakeRootRoutes(scoped as AppInstance, deps));
  await staticWebRoutes(app as AppInstance);
  return app as AppInstance;
}
