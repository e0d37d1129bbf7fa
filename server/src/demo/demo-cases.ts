import type { Actor, Role, UserPrincipal } from '../auth/principal.js';
import { withTenant, type Database } from '../db/database.js';
import { assignCase, transitionCase } from '../cases/changes.js';
import { createCase, type CasePriority } from '../cases/service.js';
import { viewerOf, type Viewer } from '../cases/viewer.js';
import type { CaseStatus, TransitionAction } from '../cases/lifecycle.js';
import { DEMO_SERVICES, type DemoUser, type OrgUnitKey } from './catalog.js';
import { coverAllStatuses, pathTo, REJECTION_REASONS, stepDelay, targetStatus } from './case-plan.js';
import { FORMS } from './forms.js';
import { organisation, person } from './people.js';
import type { SeededRandom } from './random.js';
import type { DemoStep } from './timeline.js';

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

type Worker = { user: DemoUser; id: string };

/** A demo application as planned: where it ends, with whom, and when its last step happens. */
export interface PlannedCase {
  receivedAt: Date;
  status: CaseStatus;
  assignee: Worker | null;
  lastAt: Date;
  /** Filled in when its creation step runs. */
  state: { id: string; version: number };
}

const CHANNELS = [['ozg-cloud', 60], ['intelliform', 25], ['fit-connect', 15]] as const;
const DAY = 24 * 3600 * 1000;

function viewerFor(ctx: DemoContext, entry: Worker): Viewer {
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

/**
 * Plans the demo applications with their whole history in time: each is received on its date, and
 * every later step (accept, assign, start, decide …) follows days or weeks later, never after the
 * demo's today. The steps run in time order (timeline.ts), so the hash chain reads chronologically.
 */
export function planDemoCases(ctx: DemoContext, count: number): { steps: DemoStep[]; cases: PlannedCase[]; tally: Record<string, number> } {
  const { random } = ctx;
  // Spread over the last 90 days, denser towards today; at least ten minutes old.
  const received = Array.from({ length: count }, () => ctx.now.getTime() - Math.floor(random.next() ** 1.3 * (90 * DAY - 7200_000)) - random.int(600, 7200) * 1000)
    .sort((a, b) => a - b)
    .map((t) => new Date(t));
  const statuses = coverAllStatuses(received.map((at) => targetStatus(random, (ctx.now.getTime() - at.getTime()) / DAY)));
  const tally: Record<string, number> = {};
  const steps: DemoStep[] = [];
  const cases: PlannedCase[] = [];
  for (let i = 0; i < count; i++) {
    const status = statuses[i]!;
    const planned = planOne(ctx, received[i]!, status, i);
    steps.push(...planned.steps);
    cases.push(planned.kase);
    tally[status] = (tally[status] ?? 0) + 1;
  }
  return { steps, cases, tally };
}

function planOne(ctx: DemoContext, receivedAt: Date, status: CaseStatus, index: number): { steps: DemoStep[]; kase: PlannedCase } {
  const { random } = ctx;
  const service = random.weighted(DEMO_SERVICES.map((s) => [s, s.weight] as const));
  const applicant = random.chance(service.organisationShare) ? organisation(random) : person(random);
  const form = FORMS[service.form]!({ random, applicant, receivedAt });
  const priority: CasePriority = random.weighted([['normal', 80], ['high', 12], ['low', 8]] as const);
  const channel = random.weighted(CHANNELS);
  const transactionId = `demo-${String(index + 1).padStart(4, '0')}-${random.digits(10)}`;
  const kase: PlannedCase = { receivedAt, status, assignee: null, lastAt: receivedAt, state: { id: '', version: 1 } };
  const { state } = kase;

  // What happens, in order; the times are laid out afterwards to fit between receipt and today.
  const moves: Array<{ delay: number; run: (at: Date) => Promise<void> }> = [];
  const poststelle = ctx.users.find((u) => u.user.key === 'poststelle')!;
  let orgUnitId = ctx.orgUnits[service.orgUnit];
  let worker: Worker | undefined;
  const act = (entry: Worker, action: TransitionAction) => {
    const input: { action: TransitionAction; version: number; reason?: string; orgUnitId?: string } = { action, version: 0 };
    if (action === 'reject') input.reason = random.pick(REJECTION_REASONS);
    if (action === 'forward') {
      const others = Object.values(ctx.orgUnits).filter((id) => id !== orgUnitId);
      input.orgUnitId = random.pick(others);
      orgUnitId = input.orgUnitId;
      kase.assignee = null;
    }
    moves.push({
      delay: stepDelay(random, action),
      run: async (at) => {
        const detail = await transitionCase(ctx.db, viewerFor(ctx, entry), state.id, { ...input, version: state.version }, { at });
        state.version = detail.row.version;
      },
    });
  };
  const assign = (entry: Worker) => {
    moves.push({
      delay: random.int(5, 90) * 60_000,
      run: async (at) => {
        const detail = await assignCase(ctx.db, viewerFor(ctx, poststelle), state.id, { assigneeId: entry.id, version: state.version }, { at });
        state.version = detail.row.version;
      },
    });
    worker = entry;
    kase.assignee = entry;
  };

  if (status === 'new' && random.chance(0.1)) assign(poststelle);
  const assignRate = status === 'accepted' ? 0.5 : 0.9;
  for (const action of pathTo(random, status)) {
    if (action === 'accept' || action === 'reject' || action === 'forward') {
      act(poststelle, action);
      if (action === 'accept' && random.chance(assignRate)) {
        const candidates = caseworkersFor(ctx, orgUnitId!);
        if (candidates.length) assign(random.pick(candidates));
      }
      continue;
    }
    act(worker ?? random.pick(caseworkersFor(ctx, orgUnitId!).concat(poststelle)), action);
  }

  const steps: DemoStep[] = [{
    at: receivedAt,
    run: async () => {
      const created = await withTenant(ctx.db, { tenantId: ctx.tenantId }, (trx) =>
        createCase(trx, ctx.tenantId, {
          serviceId: ctx.services[service.leikaKey]!, title: form.title, applicant, formData: form.formData, channel, transactionId, receivedAt, priority,
        }, ctx.intakeActor, { occurredAt: receivedAt }),
      );
      state.id = created.id;
    },
  }];
  // Young cases get their steps squeezed into the time they have had (at least a second apart).
  const room = (ctx.now.getTime() - receivedAt.getTime()) * 0.9;
  const wanted = moves.reduce((sum, m) => sum + m.delay, 0);
  const scale = wanted > room ? room / wanted : 1;
  let t = receivedAt.getTime();
  for (const move of moves) {
    t = Math.min(Math.max(t + 1000, Math.round(t + move.delay * scale)), ctx.now.getTime() - 1000);
    const at = new Date(t);
    steps.push({ at, run: () => move.run(at) });
  }
  kase.lastAt = new Date(t);
  return { steps, kase };
}
