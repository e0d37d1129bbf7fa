import multipart from '@fastify/multipart';
import type { AppDeps, AppInstance } from '../http/app-types.js';
import { intakeLimits } from './limits.js';
import { nativeIntakeRoutes } from './native/routes.js';
import { ozgIntakeRoutes } from './ozg/routes.js';
import { intelliformRoutes } from './intelliform/routes.js';
import { fitConnectRoutes } from './fit-connect/routes.js';
import { fitConnectAdminRoutes } from './fit-connect/admin-routes.js';
import { intakeOperatorRoutes } from './operator/routes.js';
import { intakeSettingsRoutes } from './settings/routes.js';
import { installSenderAuthentication, markIntakeSenderRoutes } from './sender-hook.js';
import { installStrictJsonParser } from './strict-json-parser.js';

async function submissionScope(app: AppInstance, deps: AppDeps): Promise<void> {
  const limits = intakeLimits(deps.config);
  await app.register(multipart, { limits: { parts: limits.maxParts, files: limits.maxParts } });
  installStrictJsonParser(app, limits.maxFormDataBytes);
  app.removeContentTypeParser('text/plain');
  installSenderAuthentication(app, deps.db, deps.config.rateLimits.intakePerTokenPerSecond);
}

/** Intake routes under /api: native API, OZG-Cloud alias, intelliForm SOAP. */
export async function intakeRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  await app.register(async (scoped) => {
    const s = scoped as AppInstance;
    await submissionScope(s, deps);
    await nativeIntakeRoutes(s, deps);
    await ozgIntakeRoutes('/intake/ozg-cloud/antrag')(s, deps);
    await fitConnectRoutes(s, deps);
  });
  await app.register(async (scoped) => {
    markIntakeSenderRoutes(scoped as AppInstance);
    await intelliformRoutes(scoped as AppInstance, deps);
  });
  await intakeOperatorRoutes(app, deps);
  await intakeSettingsRoutes(app, deps);
  await fitConnectAdminRoutes(app, deps);
}

/** The OZG-Cloud endpoint at the root, as form systems call it today: POST /antrag. */
export async function intakeRootRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  await submissionScope(app, deps);
  await ozgIntakeRoutes('/antrag')(app, deps);
}
