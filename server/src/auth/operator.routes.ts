import type { AppDeps, AppInstance } from '../http/app-types.js';
import { requireOperator } from './principal.js';
import { setSessionCookie } from './cookies.js';
import { guardSignIn } from './rate-limit.js';
import { endCurrentSession, signInLimits } from './login.routes.js';
import { loadOperator, loginOperator } from './operators.js';
import { recordOperatorAction } from './operator-audit.js';
import { OperatorLoginBody, OperatorMe } from './schemas.js';

const TAGS = ['Plattform'];

/** Sign-in of platform operators (the data centre). Their sessions are refused by every tenant route. */
export async function operatorRoutes(app: AppInstance, deps: AppDeps): Promise<void> {
  const { db, config } = deps;

  app.post(
    '/platform/login',
    {
      config: { permission: 'public', public: true, csrf: false },
      schema: { tags: TAGS, summary: 'Anmeldung für den Plattformbetrieb', security: [], body: OperatorLoginBody, response: { 200: OperatorMe } },
    },
    async (request, reply) => {
      const { session, operator } = await guardSignIn(db, signInLimits(config), { scope: 'operator-login', account: request.body.email, client: request.ip }, () =>
        loginOperator(db, request.body, config.sessionTtlHours));
      await endCurrentSession(request, db);
      await recordOperatorAction(db, { operator: { operatorId: operator.id, displayName: operator.displayName }, action: 'operator.signed_in' });
      setSessionCookie(reply, config, session);
      return { operator, csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/platform/me',
    { config: { permission: 'platform.operate' }, schema: { tags: TAGS, summary: 'Das angemeldete Betreiberkonto', security: [{ session: [] }], response: { 200: OperatorMe } } },
    async (request) => {
      const operator = requireOperator(request.principal);
      return { operator: await loadOperator(db, operator.operatorId), csrfToken: operator.csrfToken };
    },
  );
}
