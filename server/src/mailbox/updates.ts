import { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { AppConfig } from '../config.js';
import type { BlobStore } from '../blobs/blob-store.js';
import { withPlatform, withTenant, type Database } from '../db/database.js';
import { SubmissionBudget, stageAttachment } from '../intake/attachments.js';
import { intakeLimits } from '../intake/limits.js';
import { sanitizeFileName } from '../intake/file-names.js';
import { sql } from 'kysely';
import { AppError } from '../shared/errors.js';
import type { IncomingReply, MailboxUpdates, StatusUpdate } from './adapters/types.js';
import { applyStatusUpdate, receiveReply, type ReceivedFile } from './inbound.js';
import { adapterFor } from './delivery.js';

export interface UpdateDeps {
  db: Database;
  config: AppConfig;
  blobs: BlobStore;
}

export interface UpdateResult {
  accepted: number;
  duplicates: number;
  ignored: number;
}

/**
 * Attachments of an external reply pass the same checks as intake uploads (sniffed type, size, no
 * executables, malware scan). An infected file is left out and named in the history instead of
 * failing the reply: the service would hand us the same reply at every poll, and the applicant's
 * text must not be lost. A scanner that is down fails the round, so the reply comes again later.
 */
async function stageFiles(deps: UpdateDeps, reply: IncomingReply): Promise<{ files: ReceivedFile[]; refused: Array<{ fileName: string; reason: 'malware_found' }> }> {
  const budget = new SubmissionBudget(intakeLimits(deps.config));
  const files: ReceivedFile[] = [];
  const refused: Array<{ fileName: string; reason: 'malware_found' }> = [];
  for (const a of reply.attachments ?? []) {
    if (typeof a?.content !== 'string') throw new AppError('validation_failed', { field: 'attachments', detail: 'Eine Anlage hat keinen Inhalt (content, base64).' });
    try {
      const staged = await stageAttachment(deps.blobs, Readable.from([Buffer.from(a.content, 'base64')]), { fileName: a.fileName, declaredMimeType: a.mimeType }, budget);
      files.push({ fileName: staged.fileName, mimeType: staged.mimeType, sizeBytes: staged.sizeBytes, sha256: staged.sha256, scanStatus: staged.scanStatus });
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'malware_found')) throw error;
      refused.push({ fileName: sanitizeFileName(a.fileName), reason: 'malware_found' });
    }
  }
  return { files, refused };
}

/**
 * Replies and delivery states reported by the tenant's external mailbox service (by webhook or
 * polling; both may report the same reply, it is kept once). A reply names our message it
 * answers; a reference the tenant does not know is ignored.
 */
export async function processUpdates(
  deps: UpdateDeps, tenantId: string, updates: { replies?: IncomingReply[]; statuses?: StatusUpdate[] }, channel = 'external',
): Promise<UpdateResult> {
  const result: UpdateResult = { accepted: 0, duplicates: 0, ignored: 0 };
  for (const reply of updates.replies ?? []) {
    if (typeof reply?.id !== 'string' || typeof reply.reference !== 'string' || !/^[0-9a-f-]{36}$/i.test(reply.reference)) {
      result.ignored++;
      continue;
    }
    const original = await withTenant(deps.db, { tenantId }, (trx) =>
      trx.selectFrom('messages').select(['id', 'case_id', 'channel']).where('tenant_id', '=', tenantId).where('id', '=', reply.reference).where('direction', '=', 'out').executeTakeFirst(),
    );
    // A Postfach gateway answers only messages that went out through it.
    if (!original || (channel !== 'external' && original.channel !== channel)) {
      result.ignored++;
      continue;
    }
    const { files, refused } = await stageFiles(deps, reply);
    const received = await withTenant(deps.db, { tenantId }, (trx) =>
      receiveReply(trx, tenantId, original.case_id, {
        subject: typeof reply.subject === 'string' ? reply.subject : undefined,
        body: typeof reply.content === 'string' ? reply.content : '',
        attachments: files,
        refusedFiles: refused,
        channel,
        inReplyTo: original.id,
        externalId: reply.id.slice(0, 200),
      }, deps.config.publicUrl),
    );
    if (received) result.accepted++;
    else result.duplicates++;
  }
  for (const status of updates.statuses ?? []) {
    if (typeof status?.messageId !== 'string' || !['delivered', 'read', 'failed'].includes(status.status)) {
      result.ignored++;
      continue;
    }
    const applied = await withTenant(deps.db, { tenantId }, (trx) => applyStatusUpdate(trx, tenantId, status));
    if (applied) result.accepted++;
    else result.duplicates++;
  }
  return result;
}

/** One polling round over every tenant with an external mailbox service. */
export async function pollExternalMailboxes(deps: UpdateDeps, logger?: Logger): Promise<number> {
  const tenants = await withPlatform(deps.db, async (trx) => (await sql<{ tenant_id: string }>`select * from mailbox_polled_tenants()`.execute(trx)).rows);
  let handled = 0;
  for (const { tenant_id: tenantId } of tenants) {
    try {
      const settings = await withTenant(deps.db, { tenantId }, (trx) => trx.selectFrom('mailbox_settings').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst());
      const adapter = adapterFor('external', settings, deps.blobs, deps.config.outbound);
      const updates: MailboxUpdates = await adapter.fetchUpdates!(settings?.poll_cursor ?? null);
      const result = await processUpdates(deps, tenantId, updates);
      handled += result.accepted;
      await withTenant(deps.db, { tenantId }, (trx) =>
        trx.updateTable('mailbox_settings').set({ poll_cursor: updates.cursor }).where('tenant_id', '=', tenantId).execute(),
      );
    } catch (error) {
      logger?.warn({ tenantId, err: { message: (error as Error).message?.slice(0, 100) } }, 'mailbox polling failed');
    }
  }
  return handled;
}
