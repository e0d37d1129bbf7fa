import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { compactDecrypt, importJWK } from 'jose';
import type { Database } from '../../db/database.js';
import { withTenant } from '../../db/database.js';
import type { BlobStore } from '../../blobs/blob-store.js';
import { AppError } from '../../shared/errors.js';
import { SubmissionBudget, stageAttachment } from '../attachments.js';
import { fitConnectIdentity } from '../applicant/channels.js';
import { resolveApplicant } from '../applicant/mapping.js';
import { formTreeFromXml } from '../intelliform/form-xml.js';
import type { IntakeLimits } from '../limits.js';
import { submitApplication } from '../pipeline.js';
import { decodeStrictUtf8, parseStrictJson } from '../../shared/safe-text.js';
import { findParkedByTransaction, parkSubmission } from '../unrouted-repository.js';
import type { IdentifierHint, IntakeOutcome, StagedAttachment, Submission } from '../types.js';
import type { FitDestination } from './destinations.js';
import { formTreeFromJson } from './json-tree.js';
import { authenticationTagOf, enqueueFitEvent, fitEventRecorded, fitProblem, type AuthenticationTags, type FitProblem, type FitProblemKind } from './events.js';
import { metadataProblem, type FitMetadata } from './metadata.js';
import type { OutboundPolicy } from '../../shared/outbound/index.js';
import { fetchAttachment, fetchSubmission, type SubmissionEnvelope } from './submission-api.js';

export interface FitDeps { db: Database; blobs: BlobStore; publicUrl: string; limits: IntakeLimits; outbound: OutboundPolicy }
export type FitResult = IntakeOutcome | { status: 'rejected'; reasonCode: string; reason: string; unroutedId: string };

/** A submission that cannot be accepted; the reason is kept for the operators and told to the sender. */
class Rejection extends Error {
  readonly problem: FitProblem;
  constructor(readonly code: string, readonly reason: string, kind: FitProblemKind, instance: string) {
    super(reason);
    this.problem = fitProblem(kind, reason, instance);
  }
}

/** Our own misconfiguration, not the sender's fault: kept for the operators, never rejected. */
const NOT_THE_SENDERS_FAULT = new Set(['key_invalid']);

const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('hex');

/**
 * Fetches one submission from the Submission API, decrypts and checks it (schema, hashes) and
 * hands it to the pipeline. Anything that fails is parked as "failed" with its reason, never dropped.
 * The Submission API is told through the outbox: accept after the case has committed, reject
 * (with the problems) after the failure has been parked.
 */
export async function receiveFitSubmission(deps: FitDeps, destination: FitDestination, submissionId: string): Promise<FitResult> {
  const done = await alreadyReceived(deps.db, destination, submissionId);
  if (done && !(await answerMissing(deps.db, destination, submissionId, done))) return done;
  const envelope = await fetchSubmission(destination, submissionId, deps.outbound);
  if (envelope.destinationId !== destination.destinationId) {
    throw new AppError('unprocessable', { detail: 'Die Einreichung gehört zu einem anderen FIT-Connect-Zustellpunkt.' });
  }
  let checked: { submission: Submission; tags: AuthenticationTags };
  const stage = { instance: 'metadata', kind: 'syntax' as FitProblemKind };
  try {
    checked = await decryptAndCheck(deps, destination, envelope, stage);
  } catch (error) {
    if (!(error instanceof Rejection) && !(error instanceof AppError && error.status < 500)) throw error;
    const code = error.code;
    const reason = error instanceof Rejection ? error.reason : error.detail;
    const problem = error instanceof Rejection ? error.problem : fitProblem(stage.kind, reason, stage.instance);
    const parked = await parkSubmission(
      deps.db,
      { channel: 'fit-connect', transactionId: submissionId, applicant: { kind: 'person' }, formData: [], attachments: [], routing: { authority: destination.tenantSlug, leikaKeys: [], identifiers: destinationHint(destination.destinationId) }, meta: { destinationId: destination.destinationId } },
      { code, text: reason, kind: 'failed' },
    );
    if (envelope.caseId && !NOT_THE_SENDERS_FAULT.has(code)) {
      await enqueueFitEvent(deps.db, destination, { event: 'reject', destinationId: destination.destinationId, submissionId, fitCaseId: envelope.caseId, problems: [problem] });
    }
    return { status: 'rejected', reasonCode: code, reason, unroutedId: parked.id };
  }
  const outcome = await submitApplication({ db: deps.db }, { kind: 'platform', tokenId: destination.destinationId, name: 'FIT-Connect' }, checked.submission);
  if ((outcome.status === 'created' || outcome.status === 'existing') && envelope.caseId) {
    await enqueueFitEvent(deps.db, destination, {
      event: 'accept', destinationId: destination.destinationId, submissionId, fitCaseId: envelope.caseId,
      authenticationTags: checked.tags, caseId: outcome.caseId, caseNumber: outcome.caseNumber,
    });
  }
  return outcome;
}

/**
 * A case or failure whose answer was never recorded (a crash between commit and answer) is received
 * once more: the pipeline returns the existing case (or the check fails the same way again), and the
 * answer is recorded with the exact authentication tags (or problem).
 */
async function answerMissing(db: Database, destination: FitDestination, submissionId: string, done: FitResult): Promise<boolean> {
  if (done.status === 'existing') return !(await fitEventRecorded(db, destination, 'accept', submissionId));
  if (done.status === 'rejected' && !NOT_THE_SENDERS_FAULT.has(done.reasonCode)) return !(await fitEventRecorded(db, destination, 'reject', submissionId));
  return false;
}

async function alreadyReceived(db: Database, destination: FitDestination, submissionId: string): Promise<FitResult | null> {
  const parked = await findParkedByTransaction(db, 'fit-connect', submissionId);
  if (parked?.kind === 'failed') return { status: 'rejected', reasonCode: parked.reasonCode, reason: parked.reason, unroutedId: parked.id };
  if (parked) return { status: 'unrouted', unroutedId: parked.id, reason: parked.reason };
  const kase = await withTenant(db, { tenantId: destination.tenantId }, (trx) =>
    trx.selectFrom('cases').select(['id', 'case_number', 'status']).where('channel', '=', 'fit-connect').where('transaction_id', '=', submissionId).executeTakeFirst(),
  );
  return kase ? { status: 'existing', tenantId: destination.tenantId, tenantSlug: destination.tenantSlug, caseId: kase.id, caseNumber: kase.case_number, caseStatus: kase.status } : null;
}

/**
 * Decrypts and checks one submission. `stage` follows the part being read, so an error raised by a
 * shared parser (syntax, limits) becomes a problem about the right part.
 */
async function decryptAndCheck(
  deps: FitDeps, destination: FitDestination, envelope: SubmissionEnvelope, stage: { instance: string; kind: FitProblemKind },
): Promise<{ submission: Submission; tags: AuthenticationTags }> {
  const key = await importJWK(destination.privateJwk as never, 'RSA-OAEP-256').catch(() => {
    throw new Rejection('key_invalid', 'Der private Schlüssel des Zustellpunkts ist ungültig.', 'technical', 'submission');
  });
  const decrypt = async (jwe: string, what: string, instance: string): Promise<Uint8Array> => {
    try {
      return (await compactDecrypt(jwe, key as never)).plaintext;
    } catch {
      throw new Rejection('decryption_failed', `${what} ließ sich nicht entschlüsseln (falscher Schlüssel oder beschädigte Daten).`, 'encryption', instance);
    }
  };
  const tags: AuthenticationTags = { metadata: authenticationTagOf(envelope.encryptedMetadata) };
  const metadata = parseStrictJson(await decrypt(envelope.encryptedMetadata, 'Die Metadaten', 'metadata'), 'Metadaten') as FitMetadata;
  const problem = metadataProblem(metadata);
  if (problem) throw new Rejection('metadata_invalid', problem, 'schema', 'metadata');

  let formData: Submission['formData'] = [];
  const attachments: StagedAttachment[] = [];
  const budget = new SubmissionBudget(deps.limits, true);
  const declared = metadata.contentStructure.data;
  if (declared) {
    if (!envelope.encryptedData) throw new Rejection('data_missing', 'Die Metadaten nennen Fachdaten, die Einreichung enthält aber keine.', 'missingData', 'data');
    Object.assign(stage, { instance: 'data', kind: 'syntax' });
    tags.data = authenticationTagOf(envelope.encryptedData);
    const data = await decrypt(envelope.encryptedData, 'Die Fachdaten', 'data');
    if (sha512(data) !== declared.hash.content) throw new Rejection('hash_mismatch', 'Der Hashwert der Fachdaten stimmt nicht mit den Metadaten überein.', 'hash', 'data');
    const text = decodeStrictUtf8(data, 'Fachdaten');
    const treeLimits = { maxDepth: deps.limits.maxFormDepth, maxItems: deps.limits.maxFormItems };
    formData = declared.submissionSchema.mimeType === 'application/xml' ? formTreeFromXml(text, treeLimits) : formTreeFromJson(parseStrictJson(text, 'Fachdaten'), treeLimits);
    attachments.push(await stageAttachment(deps.blobs, Readable.from([Buffer.from(data)]), { fileName: declared.submissionSchema.mimeType === 'application/xml' ? 'fachdaten.xml' : 'fachdaten.json', declaredMimeType: declared.submissionSchema.mimeType, kind: 'primary-data' }, budget));
  }
  const available = new Set(envelope.attachments ?? []);
  for (const meta of metadata.contentStructure.attachments) {
    const instance = `attachment:${meta.attachmentId}`;
    const name = meta.filename ?? meta.attachmentId;
    if (!available.has(meta.attachmentId)) throw new Rejection('attachment_missing', `Die Anlage „${name}“ fehlt in der Einreichung.`, 'missingAttachment', instance);
    Object.assign(stage, { instance, kind: 'technical' });
    const jwe = await fetchAttachment(destination, envelope.submissionId, meta.attachmentId, deps.outbound);
    (tags.attachments ??= {})[meta.attachmentId] = authenticationTagOf(jwe);
    const bytes = await decrypt(jwe, `Die Anlage „${name}“`, instance);
    if (sha512(bytes) !== meta.hash.content) throw new Rejection('hash_mismatch', `Der Hashwert der Anlage „${name}“ stimmt nicht mit den Metadaten überein.`, 'hash', instance);
    const kind = meta.purpose === 'form' ? 'representation' : meta.purpose === 'report' ? 'report' : 'attachment';
    attachments.push(await stageAttachment(deps.blobs, Readable.from([Buffer.from(bytes)]), { fileName: meta.filename ?? `${meta.attachmentId}`, declaredMimeType: meta.mimeType, kind }, budget));
  }

  const identity = fitConnectIdentity(metadata);
  const { applicant } = resolveApplicant(formData, 'fit-connect', null, identity);
  const leika = /^urn:de:fim:leika:leistung:(\d{14})$/.exec(metadata.publicServiceType?.identifier ?? '')?.[1];
  const submission: Submission = {
    channel: 'fit-connect',
    transactionId: envelope.submissionId,
    title: metadata.publicServiceType?.name,
    applicant,
    identity,
    formData,
    routing: { authority: destination.tenantSlug, leikaKeys: leika ? [leika] : [], identifiers: destinationHint(destination.destinationId) },
    attachments,
    meta: { destinationId: destination.destinationId, ...(envelope.caseId ? { fitCaseId: envelope.caseId } : {}) },
  };
  return { submission, tags };
}

/** A destination mapped to an org unit in the routing identifiers routes its submissions there. */
function destinationHint(destinationId: string): IdentifierHint[] {
  return [{ field: 'destinationId', value: destinationId, schemes: ['fit_connect_destination'] }];
}
