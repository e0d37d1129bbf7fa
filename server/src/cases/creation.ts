import { sql } from 'kysely';
import type { Trx } from '../db/database.js';
import type { Actor } from '../auth/principal.js';
import type { ChainHead } from '../events/chain.js';
import type { AppError } from '../shared/errors.js';
import { germanYear } from './numbering.js';
import { badHash, hasBadHash, placeCase, writeCases, type CaseExtras, type CaseToCreate, type Catalogue, type NewCaseInput, type NumberedCase } from './creation-rows.js';
import { drawNumbersAndLockHead, readCreationContext, type StoredRow } from './creation-read.js';

export {
  applicantNameOf,
  attachmentEvent,
  attachmentRow,
  placeCase,
  type CaseExtras,
  type CasePriority,
  type CaseToCreate,
  type NewAttachment,
  type NewCaseInput,
} from './creation-rows.js';

export interface CreatedCase {
  id: string;
  caseNumber: string;
  status: string;
  created: boolean;
}

/** Per case of a batch: the case, or why this one (and only this one) was refused. */
export type CreationResult = CreatedCase | { error: AppError };

/**
 * Creates one case with its number, its 'case.created' event and the outbox notice in the
 * caller's transaction; idempotent on (tenant, channel, transactionId). See createCaseBatch.
 */
export async function createCase(trx: Trx, tenantId: string, input: NewCaseInput, actor: Actor, extras: CaseExtras = {}): Promise<CreatedCase> {
  const [result] = await createCaseBatch(trx, tenantId, [{ input, actor, extras }]);
  if ('error' in result!) throw result.error;
  return result!;
}

/**
 * Creates several cases in the caller's transaction, in order. The statements are per batch, not
 * per case, so the tenant's two serialising rows — the gap-free number counter and the event chain
 * head — are paid once for many cases.
 *
 * Idempotent on (tenant, channel, transactionId): a submission already stored, or repeated inside
 * the batch, gets the existing case back (created=false) and consumes no number. Advisory locks
 * (taken in sorted order) serialise concurrent retries before either looks for the other. A case
 * that cannot be created (unknown service or org unit) gets its error; the others proceed.
 *
 * Four statements however many cases: the advisory locks; one read of everything needed; numbers
 * and chain head taken together; one write of cases, attachments, events, outbox notices and the new
 * head. For the intake's group commit, with fewer round trips, see case-batch.ts.
 */
export async function createCaseBatch(trx: Trx, tenantId: string, items: CaseToCreate[]): Promise<CreationResult[]> {
  const keys = [...new Set(items.filter((i) => i.input.transactionId).map((i) => submissionKey(tenantId, i.input)))].sort();
  if (keys.length) await sql`select pg_advisory_xact_lock(hashtext(k)) from (select unnest(${sql.val(keys)}::text[]) as k order by 1) as keys`.execute(trx);
  const known = await readCreationContext(trx, tenantId, items);
  return writeBatch(trx, tenantId, items, known, { take: async (years) => (years.length ? drawNumbersAndLockHead(trx, tenantId, years) : null), commitNext: false });
}

const submissionKey = (tenantId: string, input: Pick<NewCaseInput, 'channel' | 'transactionId'>) => `${tenantId}${input.channel}${input.transactionId}`;

/** What a batch knows before it writes: the number pattern, where cases may go, what is stored already. */
export interface Known {
  pattern: string;
  catalogue: Catalogue;
  existing: StoredRow[];
}

export interface Numbering {
  /** Numbers for cases received in these years (none: give back what was reserved) and the locked chain head. */
  take(years: number[]): Promise<{ seqs: number[]; head: ChainHead } | null>;
  /** The write is the transaction's last statement (see writeCases). */
  commitNext: boolean;
}

/** Sorts a batch into repeats, refusals and cases to write, numbers and writes them: both paths' core. */
export async function writeBatch(trx: Trx, tenantId: string, items: CaseToCreate[], known: Known, numbering: Numbering): Promise<CreationResult[]> {
  const results: Array<CreationResult | undefined> = new Array(items.length);
  const stored = new Map(known.existing.map((r) => [submissionKey(tenantId, { channel: r.channel, transactionId: r.transaction_id }), { id: r.id, caseNumber: r.case_number, status: r.status, created: false }]));
  const firstOfKey = new Map<string, number>();
  const pending: Array<Omit<NumberedCase, 'seq'> & { index: number }> = [];
  items.forEach((item, index) => {
    const key = item.input.transactionId ? submissionKey(tenantId, item.input) : null;
    if (key && stored.has(key)) return void (results[index] = stored.get(key));
    if (key && firstOfKey.has(key)) return; // filled in once the first of its key is created
    const placement = placeCase(known.catalogue, item.input);
    if ('error' in placement) return void (results[index] = placement);
    if (hasBadHash(item.extras)) return void (results[index] = badHash());
    if (key) firstOfKey.set(key, index);
    const receivedAt = item.input.receivedAt ?? new Date();
    pending.push({ ...item, index, placement, year: germanYear(receivedAt), receivedAt });
  });
  // From here on the tenant's counter row and chain head are locked until commit.
  const numbers = await numbering.take(pending.map((p) => p.year));
  if (numbers) {
    const written = await writeCases(trx, tenantId, known.pattern, numbers.head, pending.map((p, n) => ({ ...p, seq: numbers.seqs[n]! })), numbering.commitNext, known.catalogue.holidayState);
    pending.forEach((p, n) => (results[p.index] = { ...written[n]!, status: 'new', created: true }));
  }
  // Repeats of a submission inside this batch answer with the case its first occurrence got.
  return items.map((item, index) => {
    const own = results[index];
    if (own) return own;
    const first = results[firstOfKey.get(submissionKey(tenantId, item.input))!]!;
    return 'error' in first ? first : { ...first, created: false };
  });
}
