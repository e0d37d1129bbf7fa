import { createApiToken } from '../auth/api-tokens.js';
import { createOperator } from '../auth/operators.js';
import { hashPassword } from '../auth/passwords.js';
import { withPlatform, withTenant, type Database } from '../db/database.js';
import { uuidv7 } from '../shared/ids.js';
import { findTenantBySlug, provisionTenant } from '../tenants/provision.js';
import { DEMO_OPERATOR, DEMO_ORG_UNITS, DEMO_SERVICES, DEMO_TENANT, DEMO_USERS, type OrgUnitKey } from './catalog.js';
import type { DemoCredentials } from './credentials.js';
import { planDemoAnnotations } from './annotations.js';
import { planDemoCases } from './demo-cases.js';
import { SeededRandom } from './random.js';
import { insertDemoTemplates } from './templates.js';
import { runTimeline } from './timeline.js';
import { closedAtFromHistory } from '../records/repository.js';

export interface SeedOptions {
  publicUrl: string;
  caseCount?: number;
  /** "Today" of the demo: applications are spread over the 90 days before it. */
  now?: Date;
  seed?: number;
}

export type SeedResult =
  | { created: false; tenantId: string }
  | { created: true; tenantId: string; credentials: DemoCredentials; casesByStatus: Record<string, number> };

export const DEFAULT_DEMO_CASES = 200;

const SEED_ACTOR = { kind: 'system', id: null, name: 'Demodaten' } as const;
const DAY = 24 * 3600 * 1000;

/**
 * Creates the demo municipality „Musterstadt“ with org units, services, users, a decision template
 * for every service, an intake token, a platform operator, about 200 cases in every status with a
 * history of days and weeks, and the caseworkers' notes and follow-ups (some overdue). The history
 * is written as it would have happened: the municipality set up 91 days before the demo's today,
 * then every step at its time, in time order. Does nothing if the demo exists already.
 */
export async function seedDemo(db: Database, options: SeedOptions): Promise<SeedResult> {
  const existing = await findTenantBySlug(db, DEMO_TENANT.slug);
  if (existing) return { created: false, tenantId: existing.id };
  const random = new SeededRandom(options.seed ?? 20240401);
  const now = options.now ?? new Date();
  const setUpAt = new Date(now.getTime() - 91 * DAY);
  const admin = DEMO_USERS.find((u) => u.key === 'admin')!;
  const provisioned = await provisionTenant(
    db,
    { ...DEMO_TENANT, adminEmail: admin.email, adminName: admin.displayName },
    SEED_ACTOR,
    { at: setUpAt },
  );
  const tenantId = provisioned.tenantId;
  const hashes = await Promise.all(DEMO_USERS.map((u) => hashPassword(u.password)));

  const orgUnits = {} as Record<OrgUnitKey, string>;
  const services: Record<string, string> = {};
  const users = DEMO_USERS.map((user) => ({ user, id: user.key === 'admin' ? provisioned.adminUserId : uuidv7() }));
  await withTenant(db, { tenantId }, async (trx) => {
    for (const unit of DEMO_ORG_UNITS) {
      orgUnits[unit.key] = uuidv7();
      await trx.insertInto('org_units').values({ id: orgUnits[unit.key], tenant_id: tenantId, name: unit.name, short_code: unit.shortCode }).execute();
    }
    for (const service of DEMO_SERVICES) {
      services[service.leikaKey] = uuidv7();
      await trx
        .insertInto('services')
        .values({ id: services[service.leikaKey]!, tenant_id: tenantId, leika_key: service.leikaKey, name: service.name, org_unit_id: orgUnits[service.orgUnit] })
        .execute();
    }
    for (const [i, { user, id }] of users.entries()) {
      if (user.key === 'admin') {
        // The provisioned admin gets a password instead of the invitation.
        await trx.updateTable('users').set({ password_hash: hashes[i]!, invite_token_hash: null, invite_expires_at: null }).where('id', '=', id).execute();
        continue;
      }
      await trx
        .insertInto('users')
        .values({
          id, tenant_id: tenantId, email: user.email, display_name: user.displayName, password_hash: hashes[i]!, oidc_subject: null,
          roles: user.roles, org_unit_ids: user.orgUnits.map((key) => orgUnits[key]), invite_token_hash: null, invite_expires_at: null,
        })
        .execute();
    }
    const adminActor = { kind: 'user', id: provisioned.adminUserId, name: admin.displayName } as const;
    await insertDemoTemplates(trx, tenantId, services, adminActor, new Date(setUpAt.getTime() + 3600_000));
  });

  const tokenName = 'Formularserver (Demo)';
  const intake = await createApiToken(db, tenantId, { name: tokenName, scopes: ['intake:submit'], createdBy: provisioned.adminUserId });
  const operatorExists = await withPlatform(db, (trx) =>
    trx.selectFrom('operators').select('id').where('email', '=', DEMO_OPERATOR.email).executeTakeFirst(),
  );
  if (!operatorExists) await createOperator(db, DEMO_OPERATOR);

  const demo = {
    db, tenantId, random, now, orgUnits, services, users,
    intakeActor: { kind: 'token', id: intake.id, name: tokenName },
  } as const;
  const plan = planDemoCases(demo, options.caseCount ?? DEFAULT_DEMO_CASES);
  await runTimeline([...plan.steps, ...planDemoAnnotations(demo, plan.cases)]);
  // The history is back-dated; retention must run from the same closing dates the history shows.
  await withTenant(db, { tenantId }, (trx) => closedAtFromHistory(trx));
  const casesByStatus = plan.tally;
  const credentials: DemoCredentials = {
    hinweis: 'Zugangsdaten der Demo-Kommune Musterstadt. Nur für Test und Vorführung, nicht für den Echtbetrieb.',
    url: options.publicUrl,
    tenant: { slug: DEMO_TENANT.slug, name: DEMO_TENANT.name },
    users: DEMO_USERS.map((u) => ({ role: u.roles.join(','), email: u.email, displayName: u.displayName, password: u.password })),
    intakeToken: { name: tokenName, token: intake.token, scopes: ['intake:submit'] },
    operator: { ...DEMO_OPERATOR },
    createdAt: new Date().toISOString(),
  };
  return { created: true, tenantId, credentials, casesByStatus };
}
