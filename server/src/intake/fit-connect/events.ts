import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/database.js';
import { enqueue } from '../../outbox/enqueue.js';
import type { FitDestination } from './destinations.js';

/**
 * The subscriber's answer to a submission (FIT-Connect Submission API v1, "Empfangsbestätigung"):
 * a Security Event Token with the event accept-submission or reject-submission, POSTed to
 * /v1/cases/{caseId}/events. See EVENTS.md next to this file for the sources and assumptions.
 */
export const FIT_EVENTS = {
  accept: 'https://schema.fitko.de/fit-connect/events/accept-submission',
  reject: 'https://schema.fitko.de/fit-connect/events/reject-submission',
} as const;
export const SET_PAYLOAD_SCHEMA = 'https://schema.fitko.de/fit-connect/set-payload/1.0.0/set-payload.schema.json';
const PROBLEM_BASE = 'https://schema.fitko.de/fit-connect/events/problems/';

/** One reason for a rejection, RFC 7807-like as the reject-submission event defines it. */
export interface FitProblem {
  type: string;
  title: string;
  detail: string;
  /** What the problem is about: "metadata", "data", "attachment:<attachmentId>" or "submission". */
  instance: string;
}

/** JWE authentication tags (the last part of each compact JWE) of everything accepted. */
export interface AuthenticationTags {
  metadata: string;
  data?: string;
  attachments?: Record<string, string>;
}

export type FitEventPayload = {
  destinationId: string;
  submissionId: string;
  /** FIT-Connect's case (Vorgang) id of the submission: the SET's txn and the URL path. */
  fitCaseId: string;
} & (
  | { event: 'accept'; authenticationTags: AuthenticationTags; caseId: string; caseNumber: string }
  | { event: 'reject'; problems: FitProblem[] }
);

declare module '../../outbox/enqueue.js' {
  interface OutboxMessages {
    /** Accept or reject a FIT-Connect submission at its Submission API (event-deliverer.ts). */
    fit_connect_event: FitEventPayload;
  }
}

const PROBLEMS: Record<string, { type: string; title: string }> = {
  encryption: { type: 'encryption-issue', title: 'Entschlüsselungs-Fehler' },
  syntax: { type: 'syntax-violation', title: 'Syntax-Fehler' },
  schema: { type: 'schema-violation', title: 'Schema-Fehler' },
  hash: { type: 'hash-mismatch', title: 'Prüfsumme stimmt nicht' },
  missingData: { type: 'missing-data', title: 'Fachdatensatz fehlt' },
  missingAttachment: { type: 'missing-attachments', title: 'Anlagen fehlen' },
  technical: { type: 'technical-error', title: 'Technischer Fehler' },
};
export type FitProblemKind = keyof typeof PROBLEMS;

export function fitProblem(kind: FitProblemKind, detail: string, instance: string): FitProblem {
  const p = PROBLEMS[kind]!;
  return { type: PROBLEM_BASE + p.type, title: p.title, detail, instance };
}

/** The last segment of a compact JWE (header.key.iv.ciphertext.tag). */
export const authenticationTagOf = (jwe: string) => jwe.split('.')[4] ?? '';

/**
 * Records the answer in the outbox of the destination's tenant, once per submission (the same key
 * for a retried receipt); the worker signs and delivers it with backoff.
 */
export async function enqueueFitEvent(db: Database, destination: FitDestination, payload: FitEventPayload): Promise<void> {
  await withTenant(db, { tenantId: destination.tenantId }, (trx) =>
    enqueue(trx, destination.tenantId, 'fit_connect_event', payload, { idempotencyKey: `fit-connect:${payload.event}:${payload.submissionId}`, ifAbsent: true }),
  );
}

/** Whether the answer for this submission has already been recorded (delivered or still waiting). */
export async function fitEventRecorded(db: Database, destination: FitDestination, event: 'accept' | 'reject', submissionId: string): Promise<boolean> {
  const row = await withTenant(db, { tenantId: destination.tenantId }, (trx) =>
    trx.selectFrom('outbox').select('id').where('idempotency_key', '=', `fit-connect:${event}:${submissionId}`).executeTakeFirst(),
  );
  return !!row;
}
