import { sql } from 'kysely';
import type { Limit } from '../config.js';
import type { Database } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import { sha256Hex } from '../shared/ids.js';

/**
 * Rate limits kept in PostgreSQL (migration 0025), so every server instance counts into the same
 * buckets and a restart or a second instance does not reset them. Fixed windows: a bucket allows
 * `max` hits per window of `windowSeconds`; at a window's edge a burst of up to 2 × max is
 * possible, which is fine for the purpose (slowing guessing down by orders of magnitude).
 */
export interface Bucket {
  /** What is counted, e.g. 'staff-login-account'; separates buckets of the same subject. */
  scope: string;
  /** Whom it is counted for: an account, a client address, an e-mail address. Stored only hashed. */
  subject: string;
  limit: Limit;
}

export interface Counted {
  bucket: Bucket;
  hits: number;
  over: boolean;
  retryAfterSeconds: number;
}

/** The stored key: a hash, so no e-mail or IP address sits in the table in clear (personal data). */
export function bucketKey(bucket: Bucket): string {
  return sha256Hex(`amtsdesk-rate-limit|${bucket.scope}|${bucket.limit.windowSeconds}|${bucket.subject.trim().toLowerCase()}`);
}

/** Counts one hit in each bucket, all in one statement, and says which are over their limit. */
export async function countHits(db: Database, buckets: Bucket[]): Promise<Counted[]> {
  const keyed = buckets.map((bucket) => ({ bucket, key: bucketKey(bucket) }));
  const unique = [...new Map(keyed.map((k) => [k.key, k])).values()].sort((a, b) => a.key.localeCompare(b.key));
  const { rows } = await sql<{ key: string; hits: number; retry_after_seconds: number }>`
    select * from rate_limit_hit(${sql.val(unique.map((k) => k.key))}::text[],
      ${sql.val(unique.map((k) => k.bucket.limit.windowSeconds))}::integer[], ${sql.val(unique.map(() => 1))}::integer[])`.execute(db.kysely);
  schedulePurge(db);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return keyed.map(({ bucket, key }) => {
    const row = byKey.get(key)!;
    return { bucket, hits: row.hits, over: row.hits > bucket.limit.max, retryAfterSeconds: row.retry_after_seconds };
  });
}

/** Takes back one hit of the bucket's current window (e.g. a sign-in that succeeded). */
export async function refundHit(db: Database, bucket: Bucket): Promise<void> {
  await sql`select rate_limit_refund(${bucketKey(bucket)}, ${bucket.limit.windowSeconds}::integer)`.execute(db.kysely);
}

/** German wait time for the 429 text: seconds up to two minutes, then minutes. */
export function waitText(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? '1 Sekunde' : `${seconds} Sekunden`;
  return `${Math.ceil(seconds / 60)} Minuten`;
}

/** 429 problem+json (the error handler adds Retry-After from retryAfterSeconds). */
export function rateLimited(retryAfterSeconds: number, what: string): AppError {
  return new AppError('rate_limited', {
    detail: `${what} Bitte warten Sie ${waitText(retryAfterSeconds)} und versuchen Sie es dann erneut.`,
    extra: { retryAfterSeconds },
  });
}

/** Throws 429 when any counted bucket is over its limit, with the longest wait among them. */
export function refuseIfOver(counted: Counted[], what: string): void {
  const over = counted.filter((c) => c.over);
  if (over.length > 0) throw rateLimited(Math.max(...over.map((c) => c.retryAfterSeconds)), what);
}

const TOO_MANY_SIGN_INS = 'Zu viele Anmeldeversuche.';

/**
 * Guards a password sign-in (or a password check): counted per account and per client address
 * before the password is even looked at; a success takes its hit back from the client's bucket,
 * so only failures count against an address that many people share (a town hall's NAT).
 */
export async function guardSignIn<T>(
  db: Database,
  limits: { perAccount: Limit; perClient: Limit },
  who: { scope: string; account: string; client: string },
  attempt: () => Promise<T>,
): Promise<T> {
  const clientBucket: Bucket = { scope: `${who.scope}-client`, subject: who.client, limit: limits.perClient };
  const counted = await countHits(db, [{ scope: `${who.scope}-account`, subject: who.account, limit: limits.perAccount }, clientBucket]);
  refuseIfOver(counted, TOO_MANY_SIGN_INS);
  const result = await attempt();
  await refundHit(db, clientBucket);
  return result;
}

/** A client-only guard (invitation links, portal link redemption): counts every attempt. */
export async function guardClient(db: Database, scope: string, client: string, limit: Limit, what = TOO_MANY_SIGN_INS): Promise<void> {
  refuseIfOver(await countHits(db, [{ scope, subject: client, limit }]), what);
}

const PURGE_EVERY_MS = 60_000;
const lastPurge = new WeakMap<Database, number>();

/** Expired windows are deleted at most once a minute per instance, off the request's path. */
function schedulePurge(db: Database): void {
  const now = Date.now();
  if (now - (lastPurge.get(db) ?? 0) < PURGE_EVERY_MS) return;
  lastPurge.set(db, now);
  setImmediate(() => {
    sql`select rate_limits_purge()`.execute(db.kysely).catch(() => {});
  });
}
