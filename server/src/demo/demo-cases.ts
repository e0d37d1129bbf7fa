import type { Actor, Role, UserPrincipal } from '../auth/principal.js';
import { withTenant, type Database } from '../db/database.js';
import { assignCase, transitionCase } from '../cases/changes.js';
import { createCase, type CasePriority } from '../cases/service.js';
import { viewerOf, type Viewer } from '../cases/viewer.js';
import type { CaseStatus, TransitionAction } from '../cases/lifecycle.js';
import { DEMO_SERVICES, type DemoUser, type OrgUnitKey } from './catalog.js';
import { coverAllStatuses, pathTo, REJECTION_REASONS, targetStatus } from './case-plan.js';
import { FORMS } from './forms.js';
import { organisation, person } from './people.js';
import type { SeededRandom } from './random.js';

export interface DemoContext {
  db: Database;
  tenantId: string;
  random: SeededRandom;
  now: Date;
  orgUnits: Record<OrgUnitKey, string>;
  services: Record<string, string>;
  users: { user: DemoUser; id: string }[];
  intakeActor: Actor;
}

const CHANNELS = [['ozg-cloud', 60], ['intelliform', 25], ['fit-connect', 15]] as const;
const DAY = 24 * 3600 * 1000;

function viewerFor(ctx: DemoContext, entry: { user: DemoUser; id: string }): Viewer {
  const principal: UserPrincipal = {
    kind: 'user', tenantId: ctx.tenantId, userId: entry.id, displayName: entry.user.displayName,
    roles: entry.user.roles as Role[], orgUnitIds: [], csrfToken: '',
  };
  return viewerOf(principal);
}

function caseworkersFor(ctx: DemoContext, orgUnitId: string) {
  return ctx.users.filter(
    (u) => u.user.roles.includes('caseworker') && u.user.orgUnits.some((key) => ctx.orgUnits[key] === orgUnitId),
  );
}

/** Creates the demo applications through the real case service, then walks each to its status. */
export async function createDemoCases(ctx: DemoContext, count: number): Promise<Record<string, number>> {
  const { random } = ctx;
  // Spread over the last 90 days, denser towards today; at least ten minutes old.
  const received = Array.from({ length: count }, () => ctx.now.getTime() - Math.floor(random.next() ** 1.3 * (90 * DAY - 7200_000)) - random.int(600, 7200) * 1000)
    .sort((a, b) => a - b)
    .map((t) => new Date(t));
  const statuses = coverAllStatuses(received.map((at) => targetStatus(random, (ctx.now.getTime() - at.getTime()) / DAY)));
  const tally: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const status = statuses[i]!;
    await createOne(ctx, received[i]!, status, i);
    tally[status] = (tally[status] ?? 0) + 1;
  }
  return tally;
}

async function createOne(ctx: DemoContext, receivedAt: Date, status: CaseStatus, index: number): Promise<void> {
  const { random } = ctx;
  const service = random.weighted(DEMO_SERVICES.map((s) => [s, s.weight] as const));
  const applicant = random.chance(service.organisationShare) ? organisation(random) : person(random);
  const form = FORMS[service.form]!({ random, applicant, receivedAt });
  const priority: CasePriority = random.weighted([['normal', 80], ['high', 12], ['low', 8]] as const);
  const created = await withTenant(ctx.db, { tenantId: ctx.tenantId }, (trx) =>
    createCase(trx, ctx.tenantId, {
      serviceId: ctx.services[service.leikaKey]!,
      title: form.title,
      applicant,
      formData: form.formData,
      channel: random.weighted(CHANNELS),
      transactionId: `demo-${String(index + 1).padStart(4, '0')}-${random.digits(10)}`,
      receivedAt,
      priority,
    }, ctx.intakeActor),
  );
  const poststelle = ctx.users.find((u) => u.user.key === 'poststelle')!;
  let orgUnitId = ctx.orgUnits[service.orgUnit];
  let version = 1;
  let worker: { user: DemoUser; id: string } | undefined;
  const act = async (entry: { user: DemoUser; id: string }, action: TransitionAction) => {
    const input: { action: TransitionAction; version: number; reason?: string; orgUnitId?: string } = { action, version };
    if (action === 'reject') input.reason = random.pick(REJECTION_REASONS);
    if (action === 'forward') {
      const others = Object.values(ctx.orgUnits).filter((id) => id !== orgUnitId);
      input.orgUnitId = random.pick(others);
      orgUnitId = input.orgUnitId;
    }
    const detail = await transitionCase(ctx.db, viewerFor(ctx, entry), created.id, input);
    version = detail.row.version;
  };
  const assign = async (entry: { user: DemoUser; id: string }) => {
    const detail = await assignCase(ctx.db, viewerFor(ctx, poststelle), created.id, { assigneeId: entry.id, version });
    version = detail.row.version;
    worker = entry;
  };

  if (status === 'new' && random.chance(0.1)) await assign(poststelle);
  const assignRate = status === 'accepted' ? 0.5 : 0.9;
  for (const action of pathTo(random, status)) {
    if (action === 'accept' || action === 'reject' || action === 'forward') {
      await act(poststelle, action);
      if (action === 'accept' && random.chance(assignRate)) {
        const candidates = caseworkersFor(ctx, orgUnitId!);
        if (candidates.length) await assign(random.pick(candidates));
      }
      continue;
    }
    await act(worker ?? random.pick(caseworkersFor(ctx, orgUnitId!).concat(poststelle)), action);
  }
}
