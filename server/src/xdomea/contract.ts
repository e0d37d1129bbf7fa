/**
 * The seam between the two halves of xdomea (issue #16), agreed before they were built in parallel:
 * `messages/` builds, validates and parses xdomea 3.0 messages; `transport/` and the hand-over and
 * Aussonderung processes move them and keep the state. Neither reaches into the other's internals.
 */
import type { Trx } from '../db/database.js';

/** Message numbers of the processes we take part in (Abgabe 04xx, Aussonderung 05xx). */
export type XdomeaMessageType = '0401' | '0402' | '0403' | '0501' | '0502' | '0503' | '0504' | '0505' | '0506' | '0507';

/** One side of an exchange: the Behördenkennung (authority id) and a display name. */
export interface XdomeaParty { authorityId: string; name: string }

/** A message packed as the standard ZIP: message XML plus files, named after the ProzessID. */
export interface XdomeaPackage {
  processId: string;
  messageType: XdomeaMessageType;
  /** e.g. `${processId}_Abgabe.Abgabe.0401.zip` — the receiver's idempotency key too. */
  fileName: string;
  zip: Buffer;
}

/** A configured receiver of a tenant: its DMS/E-Akte, another authority, or the public archive. */
export interface XdomeaTarget {
  id: string;
  tenantId: string;
  kind: 'dms' | 'authority' | 'archive';
  transport: 'directory' | 'http';
  party: XdomeaParty;
  /** Transport settings (directory path or S3 prefix; URL, auth) — each transport validates its own. */
  config: Record<string, unknown>;
}

/** Moves packages. XTA 2 would be one more implementation of this. */
export interface XdomeaTransport {
  readonly kind: XdomeaTarget['transport'];
  /** Idempotent per `pkg.fileName`: a retry after a crash must not look like a new process to the receiver. */
  send(target: XdomeaTarget, pkg: XdomeaPackage): Promise<void>;
  /** Answers waiting for us (polling transports); push transports deliver to our endpoint and return []. */
  poll(target: XdomeaTarget): Promise<Array<{ fileName: string; body: Buffer }>>;
  /** Removes an answer from the receiver's outbox once it has been processed (no-op where not applicable). */
  acknowledge(target: XdomeaTarget, fileName: string): Promise<void>;
}

/** One object (case/Vorgang or document) in an answer. */
export interface XdomeaAnswerItem {
  /** The case number we sent as Kennzeichen, where the answer names it. */
  caseNumber?: string;
  /** The object's id (UUID) as we sent it. */
  objectId: string;
  outcome: 'imported' | 'error' | 'received' | 'archive' | 'destroy';
  /** The receiving system's reference (e.g. its Aktenzeichen) for an imported object. */
  reference?: string;
  /** Reason given with an error or a refusal, as the receiver wrote it. */
  reason?: string;
}

/** An incoming message after XSD validation and hardened parsing. */
export interface IncomingXdomea {
  messageType: XdomeaMessageType;
  processId: string;
  sender: XdomeaParty;
  receiver: XdomeaParty;
  items: XdomeaAnswerItem[];
}

/** What the processes ask of `messages/`. */
export interface XdomeaMessageBuilders {
  /** Abgabe.Abgabe.0401 for closed/decided cases, with all documents (form PDF/A + data, attachments, messages, decision, history protocol). */
  handover(trx: Trx, input: { tenantId: string; caseIds: string[]; processId: string; sender: XdomeaParty; receiver: XdomeaParty }): Promise<XdomeaPackage>;
  /** Aussonderung.Anbieteverzeichnis.0501: metadata only, one entry per case offered. */
  offer(trx: Trx, input: { tenantId: string; caseIds: string[]; processId: string; sender: XdomeaParty; receiver: XdomeaParty }): Promise<XdomeaPackage>;
  /** Aussonderung.Aussonderung.0503: the cases the archive chose, with full content. */
  disposal(trx: Trx, input: { tenantId: string; caseIds: string[]; processId: string; sender: XdomeaParty; receiver: XdomeaParty }): Promise<XdomeaPackage>;
  /** Confirmations we send (e.g. 0505/0506 as the standard assigns them to the authority). */
  confirmation(input: { messageType: XdomeaMessageType; processId: string; sender: XdomeaParty; receiver: XdomeaParty; items: XdomeaAnswerItem[] }): Promise<XdomeaPackage>;
  /** Validates against the vendored XSDs (XML hardened: no DTD, no entities, size-bounded) and parses. Throws AppError on invalid input. */
  parse(body: Buffer): Promise<IncomingXdomea>;
}
