import type { AppDeps, AppInstance } from '../http/app-types.js';
import { requireOperator } from '../auth/principal.js';
import { recordOperatorAction } from '../auth/operator-audit.js';
import { checkpointNow, checkpointPublicKey } from '../events/checkpoint-service.js';
import { CheckpointPublicKey, CheckpointRun } from './audit-schemas.js';

const TAGS = ['Plattform'];
const security = [{ session: [] }];

/** Signed history checkpoints for operators: take one now (e.g. before an audit), fetch the public key. */
export async function platformAuditRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  app.post(
    '/platform/audit/checkpoints',
    { config: { permission: 'platform.operate' }, schema: { tags: TAGS, summary: 'Jetzt signierte Prüfpunkte der Historie setzen und veröffentlichen', security, response: { 200: CheckpointRun } } },
    async (request) => {
      const operator = requireOperator(request.principal);
      const run = await checkpointNow(deps.db, deps.config);
      await recordOperatorAction(deps.db, { operator, action: 'audit.checkpoint_taken', detail: { created: run.created, refused: run.refusedTenantIds.length } });
      return run;
    },
  );

  app.get(
    '/platform/audit/public-key',
    { config: { permission: 'platform.operate' }, schema: { tags: TAGS, summary: 'Öffentlicher Schlüssel der Prüfpunkte', security, response: { 200: CheckpointPublicKey } } },
    async (request) => {
      requireOperator(request.principal);
      return checkpointPublicKey(deps.config);
    },
  );
}
