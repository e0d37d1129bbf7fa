import type { Database, Trx } from '../db/database.js';
import { withTenant } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import type { CaseToCreate } from '../cases/service.js';
import { AppError } from '../shared/errors.js';
import { readIntakeContext } from './context.js';
import { identityOfStored } from './applicant/identity.js';
import type { Route } from './routing.js';
import type { IntakeOutcome, Submission } from './types.js';
import { resolveApplicant, type ApplicantMapping } from './applicant/mapping.js';

/**
 * The service's applicant mapping, where it has one, decides the applicant of a form-system
 * submission (the channel parsed it with its defaults before the service was known). The native
 * API sends its applicant explicitly: no mapping applies.
 */
function applicantFor(submission: Submission, mapping: ApplicantMapping | undefined) {
  if (!mapping || submission.channel === 'api') return submission.applicant;
  return resolveApplicant(submission.formData, submission.channel, mapping, submission.identity ?? identityOfStored(submission.applicant)).applicant;
}

export interface IntakeJob {
  submission: Submission;
  actor: Actor;
  /** Known for routed platform submissions; null: route inside the tenant's transaction. */
  route: Route | null;
}

interface Waiting extends IntakeJob {
  resolve(outcome: IntakeOutcome): void;
  reject(error: unknown): void;
}

/** Applications of one tenant per transaction at most. */
const MAX_BATCH = 64;
const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/**
 * Group commit per tenant. The tenant's gap-free number counter and event chain head are locked
 * from drawing the number to commit, so a tenant's new cases are created one transaction after
 * another whatever we do. Instead of queueing one transaction per application behind those
 * locks, applications that arrive while the tenant's transaction runs wait here and go together
 * into its next one. An idle tenant's application starts at once (a batch of one); a busy
 * tenant pays the locks, round trips and commit once per batch. Every caller is answered only
 * after its batch committed, so "2xx means stored" holds exactly as before.
 */
export class IntakeBatcher {
  private readonly queues = new Map<string, Waiting[]>();

  constructor(private readonly db: Database) {}

  submit(tenantId: string, job: IntakeJob): Promise<IntakeOutcome> {
    return new Promise((resolve, reject) => {
      const queue = this.queues.get(tenantId);
      if (queue) return void queue.push({ ...job, resolve, reject });
      this.queues.set(tenantId, [{ ...job, resolve, reject }]);
      // Not at once: applications of the same event-loop turn (a burst whose sender token was
      // looked up in one statement) go together; an idle tenant waits only for that turn to end.
      setImmediate(() => void this.drain(tenantId));
    });
  }

  private async drain(tenantId: string): Promise<void> {
    const queue = this.queues.get(tenantId)!;
    while (queue.length > 0) await this.run(tenantId, queue.splice(0, MAX_BATCH));
    this.queues.delete(tenantId);
  }

  /**
   * Never throws: every job is answered. The first attempt does not look for stored cases of the
   * submissions: a retry of a stored one is rare, and the unique index on (channel, transaction id)
   * refuses it anyway. Only then, one by one, each looks before writing.
   */
  private async run(tenantId: string, jobs: Waiting[], lookUpStored = false): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        const outcomes = await withTenant(this.db, { tenantId }, (trx) => createBatch(trx, tenantId, jobs, lookUpStored || attempt > 0));
        outcomes.forEach((outcome, i) => (outcome instanceof AppError ? jobs[i]!.reject(outcome) : jobs[i]!.resolve(outcome)));
        return;
      } catch (error) {
        // A failed batch is rolled back whole; each application then gets its own transaction,
        // so one application's trouble never costs another its answer.
        if (jobs.length > 1) {
          for (const job of jobs) await this.run(tenantId, [job], true);
          return;
        }
        if (isUniqueViolation(error) && attempt < 3) continue; // stored already, or lost a race with another instance
        jobs[0]!.reject(error);
        return;
      }
    }
  }
}

/**
 * Routing, cases, attachments and history of a batch, in one transaction of two round trips on
 * PostgreSQL: BEGIN with the tenant and the context read, which also opens the cases' batch (numbers
 * drawn, chain head locked); the cases' write with COMMIT (cases/case-batch.ts, decision 0009).
 */
async function createBatch(trx: Trx, tenantId: string, jobs: IntakeJob[], lookUpStored: boolean): Promise<Array<IntakeOutcome | AppError>> {
  for (const job of jobs) job.submission.receivedAt ??= new Date();
  const { routes, batch, mappings } = await readIntakeContext(trx, tenantId, jobs, { lookUpStored });
  const routable = jobs.map((_, i) => i).filter((i) => !(routes[i] instanceof AppError));
  // Last statement of the transaction; with nothing routable it gives the drawn numbers back.
  const created = await batch.finish(trx, routable.map((i) => caseOf(jobs[i]!, routes[i] as Route, mappings)));
  const outcomes: Array<IntakeOutcome | AppError> = routes.map((r) => r as AppError);
  for (const [n, i] of routable.entries()) {
    const result = created[n]!;
    if ('error' in result) {
      outcomes[i] = result.error;
      continue;
    }
    const route = routes[i] as Route;
    outcomes[i] = {
      status: result.created ? 'created' : 'existing',
      tenantId,
      tenantSlug: route.tenantSlug,
      caseId: result.id,
      caseNumber: result.caseNumber,
      caseStatus: result.status,
    };
  }
  return outcomes;
}

function caseOf({ submission, actor }: IntakeJob, route: Route, mappings: Map<string, ApplicantMapping>): CaseToCreate {
  const applicant = applicantFor(submission, mappings.get(route.serviceId));
  return {
    actor,
    input: {
      serviceId: route.serviceId,
      orgUnitId: route.orgUnitId,
      title: submission.title,
      applicant,
      formData: submission.formData,
      channel: submission.channel,
      transactionId: submission.transactionId,
      receivedAt: submission.receivedAt,
      priority: submission.priority,
    },
    extras: {
      attachments: submission.attachments.map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, declaredMimeType: a.declaredMimeType, sizeBytes: a.sizeBytes, sha256: a.sha256, kind: a.kind, scanStatus: a.scanStatus })),
      events: ({ id }) => [
        {
          caseId: id,
          type: 'intake.received',
          actor,
          data: {
            channel: submission.channel,
            transactionId: submission.transactionId ?? null,
            attachments: submission.attachments.map((a) => ({ fileName: a.fileName, mimeType: a.mimeType, declaredMimeType: a.declaredMimeType, sizeBytes: a.sizeBytes })),
            ...(submission.meta ? { meta: submission.meta } : {}),
          },
        },
      ],
    },
  };
}
