import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import type { AuditConfig } from '../config.js';
import { withPlatform, type Database } from '../db/database.js';
import { EXPORT_FORMAT } from './checkpoint-statement.js';

export interface PublishResult {
  file: number;
  url: number;
  /** Short, operator-facing reasons ("url: HTTP 503"); the checkpoints stay pending and are retried. */
  failed: string[];
}

const BATCH = 500;
const URL_TIMEOUT_MS = 10_000;

type Target = 'file' | 'url';

/**
 * Publishes checkpoints that are not yet published to the configured targets, oldest first. A
 * checkpoint is marked published only after the target took it; a crash in between publishes it
 * again, which verifiers tolerate (they key checkpoints by id).
 */
export async function publishPendingCheckpoints(db: Database, audit: Pick<AuditConfig, 'publishFile' | 'publishUrl'>): Promise<PublishResult> {
  const result: PublishResult = { file: 0, url: 0, failed: [] };
  const targets: Array<[Target, (lines: string[]) => Promise<void>]> = [];
  if (audit.publishFile) targets.push(['file', (lines) => appendLines(audit.publishFile!, lines)]);
  if (audit.publishUrl) targets.push(['url', (lines) => postCheckpoints(audit.publishUrl!, lines)]);
  for (const [target, deliver] of targets) {
    for (;;) {
      const pending = (
        await withPlatform(db, (trx) =>
          sql<{ id: string; statement: string }>`select id, statement from audit_checkpoints_unpublished(${target}, ${BATCH})`.execute(trx),
        )
      ).rows;
      if (pending.length === 0) break;
      try {
        await deliver(pending.map((p) => p.statement));
      } catch (error) {
        result.failed.push(`${target}: ${(error as Error).message}`);
        break;
      }
      await withPlatform(db, (trx) =>
        sql`select audit_checkpoints_mark_published(${target}, ${sql.val(pending.map((p) => p.id))}::uuid[])`.execute(trx),
      );
      result[target] += pending.length;
      if (pending.length < BATCH) break;
    }
  }
  return result;
}

/** Appends (O_APPEND) and syncs before the checkpoints count as published. */
async function appendLines(path: string, lines: string[]): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const handle = await open(path, 'a', 0o640);
  try {
    await handle.write(`${lines.join('\n')}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * POSTs a batch as {format, checkpoints: […]}. The URL is an installation setting (environment), not
 * something a tenant can set. Redirects are not followed: a receiver that moved must be reconfigured.
 */
async function postCheckpoints(url: string, lines: string[]): Promise<void> {
  const body = `{"format":${JSON.stringify(EXPORT_FORMAT)},"checkpoints":[${lines.join(',')}]}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(URL_TIMEOUT_MS),
    });
  } catch (error) {
    throw new Error(`nicht erreichbar (${(error as Error).name})`, { cause: error });
  }
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`);
}
