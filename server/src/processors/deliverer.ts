import { withTenant, type Database } from '../db/database.js';
import type { DomainEventListener } from '../outbox/deliverers/domain-event.js';
import { DeliveryError, failureReason, type Deliverer, type OutboxMessage } from '../outbox/deliverers/types.js';
import { AppError } from '../shared/errors.js';
import { isUuid } from '../shared/ids.js';
import { outboundFetch } from '../shared/outbound/index.js';
import { signStandardWebhook } from '../webhooks/signature.js';
import type { AppConfig } from '../config.js';
import { applySuggestion, processorViewer } from './apply.js';
import { readBounded } from '../shared/bounded-body.js';
import { MAX_RESPONSE_BYTES, parseAnswer, PROCESSOR_PROTOCOL, sortChecks, type ProcessorAnswer, type ProcessorRequest } from './protocol.js';
import { checkPlausibility } from './rules.js';
import { startRuns } from './runs.js';
import type { OutboxMessages } from '../outbox/enqueue.js';

/** A new case starts its service's processors (registered in main/outbox.ts). */
export const startProcessorsOnCreation: DomainEventListener = async (trx, message, event) => {
  if (event.eventType === 'case.created' && typeof event.body.caseId === 'string' && isUuid(event.body.caseId)) {
    await startRuns(trx, message.tenantId, event.body.caseId, { kind: 'case_created' });
  }
};

async function loadRun(db: Database, tenantId: string, runId: string) {
  return withTenant(db, { tenantId }, async (trx) => {
    const run = await trx.selectFrom('processor_runs')
      .innerJoin('processors', 'processors.id', 'processor_runs.processor_id')
      .innerJoin('cases', 'cases.id', 'processor_runs.case_id')
      .innerJoin('services', 'services.id', 'cases.service_id')
      .select([
        'processor_runs.id', 'processor_runs.case_id', 'processor_runs.status', 'processor_runs.suggestion_state',
        'processors.name', 'processors.kind', 'processors.url', 'processors.secret', 'processors.timeout_ms', 'processors.rules', 'processors.auto_apply',
        'cases.case_number', 'cases.received_at', 'cases.applicant', 'cases.form_data',
        'services.id as service_id', 'services.name as service_name', 'services.leika_key',
      ])
      .where('processor_runs.id', '=', runId).executeTakeFirst();
    if (!run) return null;
    const attachments = run.kind === 'http'
      ? await trx.selectFrom('attachments').select(['id', 'file_name', 'mime_type', 'size_bytes', 'sha256'])
        .where('case_id', '=', run.case_id).orderBy('created_at').execute()
      : [];
    return { run, attachments };
  });
}
type Loaded = NonNullable<Awaited<ReturnType<typeof loadRun>>>;

/** POSTs the application to an external processor and reads its bounded, checked answer. */
async function callProcessor({ run, attachments }: Loaded, config: AppConfig): Promise<ProcessorAnswer> {
  const request: ProcessorRequest = {
    protocol: PROCESSOR_PROTOCOL,
    runId: run.id,
    case: {
      id: run.case_id, caseNumber: run.case_number, receivedAt: new Date(run.received_at).toISOString(),
      service: { id: run.service_id, name: run.service_name, leikaKey: run.leika_key },
      applicant: run.applicant, formData: run.form_data,
      // References only: the processor fetches a file with the case API and its own credentials.
      attachments: attachments.map((a) => ({
        id: a.id, filename: a.file_name, contentType: a.mime_type, size: Number(a.size_bytes), sha256: a.sha256,
        href: `${config.publicUrl}/api/cases/${run.case_id}/attachments/${a.id}/content`,
      })),
    },
  };
  const body = JSON.stringify(request);
  const signal = AbortSignal.timeout(run.timeout_ms);
  const response = await outboundFetch(run.url!, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', accept: 'application/json', 'user-agent': 'Amtsdesk-Processor/1',
      ...signStandardWebhook(run.secret!, run.id, Math.floor(Date.now() / 1000), body),
    },
    body,
    signal,
  }, config.outbound).catch((error: unknown) => {
    // The guard gives one text for every failure before an answer (it must not map the network);
    // a timeout comes after the guard let the connection through, so it may say what happened.
    throw signal.aborted ? new DeliveryError(`Zeitüberschreitung (keine Antwort in ${run.timeout_ms} ms)`) : error;
  });
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {});
    throw new DeliveryError(`HTTP ${response.status}`);
  }
  const text = await readBounded(response.body, MAX_RESPONSE_BYTES);
  if (text === null) throw new DeliveryError('Antwort zu groß (mehr als 256 KiB)');
  const answer = parseAnswer(text);
  if (!answer) throw new DeliveryError('Antwort entspricht nicht dem Prozessor-Protokoll');
  return answer;
}

async function recordFailure(db: Database, message: OutboxMessage, runId: string, error: unknown): Promise<void> {
  const { reason, permanent } = failureReason(error);
  const last = permanent || message.attempts + 1 >= message.maxAttempts;
  await withTenant(db, { tenantId: message.tenantId }, (trx) => trx.updateTable('processor_runs')
    .set({ last_error: reason, attempts: message.attempts + 1, ...(last ? { status: 'failed', finished_at: new Date() } : {}) })
    .where('id', '=', runId).where('status', '<>', 'done').execute());
}

/**
 * Delivers one processor run: the built-in plausibility check, or the external processor over
 * HTTP(S) through the SSRF guard, signed, with the processor's timeout and a bounded answer.
 * Errors are stored on the run (the desk shows them) and rethrown, so the outbox retries with
 * backoff; the case itself is never touched by a failure.
 */
export function processorRunDeliverer(): Deliverer {
  return {
    async deliver(message, { db, config }) {
      const { runId } = message.payload as OutboxMessages['processor_run'];
      const loaded = await loadRun(db, message.tenantId, runId);
      if (!loaded) throw new DeliveryError('Prüflauf existiert nicht mehr', true);
      const { run } = loaded;
      if (run.status === 'done') return;
      let answer: ProcessorAnswer;
      try {
        answer = run.kind === 'plausibility'
          ? { checks: checkPlausibility(run.rules, run.form_data) }
          : await callProcessor(loaded, config);
      } catch (error) {
        await recordFailure(db, message, runId, error);
        throw error;
      }
      const suggestion = answer.suggestion ?? null;
      await withTenant(db, { tenantId: message.tenantId }, (trx) => trx.updateTable('processor_runs').set({
        status: 'done', attempts: message.attempts + 1, last_error: null, finished_at: new Date(),
        checks: JSON.stringify(sortChecks(answer.checks)), extracted: JSON.stringify(answer.extracted ?? {}),
        suggestion: suggestion ? JSON.stringify(suggestion) : null, suggestion_state: suggestion ? 'open' : 'none',
      }).where('id', '=', runId).execute());
      // Questions to the applicant always need a person; accept and route may go automatically.
      if (run.auto_apply && suggestion && suggestion.action !== 'request_info') await autoApply(db, message.tenantId, run, runId);
    },
  };
}

async function autoApply(db: Database, tenantId: string, run: Loaded['run'], runId: string): Promise<void> {
  const current = await withTenant(db, { tenantId }, (trx) => trx.selectFrom('cases').select('version').where('id', '=', run.case_id).executeTakeFirst());
  if (!current) return;
  try {
    await applySuggestion(db, processorViewer(tenantId, run.name), run.case_id, runId, current.version);
  } catch (error) {
    // Not applicable now (already accepted, handed over, unit unknown): left for a person, with why.
    const note = error instanceof AppError ? error.detail : 'Automatische Übernahme nicht möglich.';
    await withTenant(db, { tenantId }, (trx) => trx.updateTable('processor_runs').set({ suggestion_note: `Automatische Übernahme nicht möglich: ${note}`.slice(0, 500) })
      .where('id', '=', runId).execute());
  }
}
