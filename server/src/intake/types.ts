import type { Applicant, FormItem } from '../db/schema.js';
import type { ScanStatus } from '../scanning/scanner.js';
import type { Scheme } from '../identifiers/schemes.js';
import type { ChannelIdentity } from './applicant/identity.js';

export type IntakeChannel = 'api' | 'ozg-cloud' | 'intelliform' | 'fit-connect';

/** Who delivered the submission. */
export type Sender =
  | { kind: 'tenant'; tenantId: string; tokenId: string }
  | { kind: 'platform'; tokenId: string; name: string };

/** An attachment already streamed into the blob store (content-addressed, immutable). */
export interface StagedAttachment {
  fileName: string;
  /** Sniffed from the content; the client's claim is kept in declaredMimeType. */
  mimeType: string;
  declaredMimeType: string | null;
  sizeBytes: number;
  sha256: string;
  kind: string;
  executable: boolean;
  /** Malware scan result (see server/src/scanning/scanner.ts); absent in rows staged before 0024. */
  scanStatus?: ScanStatus;
}

/** How to find the responsible tenant, org unit and service. */
export interface RoutingHints {
  /** Tenant slug or AGS (8 digits) of the responsible authority (zustaendigeStelle). */
  authority?: string;
  /** Org unit id (uuid) or short code inside the tenant. */
  orgUnit?: string;
  /** true: an unknown orgUnit is an error; false: fall back to the service's org unit. */
  orgUnitStrict?: boolean;
  serviceId?: string;
  /** LeiKa keys in order of preference. */
  leikaKeys: string[];
  /** The sender's field that named the service, so an unknown service is refused naming it (default leikaIds). */
  serviceField?: string;
  /**
   * External identifiers the channel carries (routing_identifiers, migration 0029), most specific
   * first: each value is looked up under the schemes listed (e.g. an OZG zustaendigeStelle is an OZG
   * or a PVOG id). They decide the tenant for a platform sender and the org unit for every sender.
   */
  identifiers?: IdentifierHint[];
}

export interface IdentifierHint { field: string; value: string; schemes: Scheme[] }

/** One application, normalised from any channel. */
export interface Submission {
  channel: IntakeChannel;
  transactionId?: string;
  title?: string;
  applicant: Applicant;
  /** What the channel says about the applicant outside the form (account, Postfach, reply address); the service's mapping is applied with it. */
  identity?: ChannelIdentity;
  formData: FormItem[];
  receivedAt?: Date;
  priority?: 'low' | 'normal' | 'high';
  routing: RoutingHints;
  attachments: StagedAttachment[];
  /** Non-personal facts for the history (form id, sender system …). */
  meta?: Record<string, string>;
}

export type IntakeOutcome =
  | { status: 'created' | 'existing'; tenantId: string; tenantSlug: string; caseId: string; caseNumber: string; caseStatus: string }
  | { status: 'unrouted'; unroutedId: string; reason: string };
