import { Transform, type Readable } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError } from '../shared/errors.js';
import { sanitizeFileName } from './file-names.js';
import { sniffHead } from './sniff.js';
import type { IntakeLimits } from './limits.js';
import type { StagedAttachment } from './types.js';

export const formatBytes = (n: number) => (n >= 1048576 ? `${Math.floor(n / 1048576)} MB` : `${Math.max(1, Math.floor(n / 1024))} KB`);

const HEAD_BYTES = 4100;

/** Counts every byte of one submission across all its attachments. */
export class SubmissionBudget {
  used = 0;
  parts = 0;
  constructor(
    readonly limits: IntakeLimits,
    /** Tenant policy; platform senders always get the strict default. */
    readonly rejectExecutables = true,
  ) {}

  countPart(): void {
    if (++this.parts > this.limits.maxParts) {
      throw new AppError('payload_too_large', { detail: `Die Einreichung enthält mehr als ${this.limits.maxParts} Teile.` });
    }
  }

  add(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limits.maxSubmissionBytes) {
      throw new AppError('payload_too_large', {
        detail: `Die Einreichung ist größer als ${formatBytes(this.limits.maxSubmissionBytes)}.`,
      });
    }
  }
}

export interface AttachmentMeta {
  fileName: string | null | undefined;
  declaredMimeType?: string | null;
  kind?: string;
}

/**
 * Streams one attachment into the blob store: counts it against the submission budget, sniffs
 * the type from the first bytes and refuses executables before anything is kept. On any error
 * the blob store discards its temporary file, so an interrupted upload leaves nothing behind.
 */
export async function stageAttachment(blobs: BlobStore, source: Readable, meta: AttachmentMeta, budget: SubmissionBudget): Promise<StagedAttachment> {
  budget.countPart();
  const fileName = sanitizeFileName(meta.fileName);
  const declared = meta.declaredMimeType?.trim() || null;
  const head: Buffer[] = [];
  let headSize = 0;
  let sniffed: Awaited<ReturnType<typeof sniffHead>> | null = null;
  const sniffNow = async () => {
    sniffed = await sniffHead(Buffer.concat(head), declared, fileName);
    if (sniffed.executable && budget.rejectExecutables) {
      throw new AppError('unprocessable', {
        field: 'attachment',
        detail: `Die Datei „${fileName}“ ist ein ausführbares Programm oder Skript und wird nicht angenommen.`,
      });
    }
  };
  const inspector = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      try {
        budget.add(chunk.length);
      } catch (error) {
        callback(error as Error);
        return;
      }
      if (sniffed || headSize >= HEAD_BYTES) {
        callback(null, chunk);
        return;
      }
      head.push(chunk.subarray(0, HEAD_BYTES - headSize));
      headSize += Math.min(chunk.length, HEAD_BYTES - headSize);
      if (headSize < HEAD_BYTES) {
        callback(null, chunk);
        return;
      }
      sniffNow().then(() => callback(null, chunk), (error: Error) => callback(error));
    },
    flush(callback) {
      if (sniffed) return callback();
      sniffNow().then(() => callback(), (error: Error) => callback(error));
    },
  });
  // The blob store attaches its listeners only after an await; remember an early failure here so
  // it neither escapes as an unhandled 'error' event nor gets lost.
  let failure: Error | null = null;
  inspector.on('error', (error) => (failure ??= error));
  source.on('error', (error) => inspector.destroy(error));
  let stored;
  try {
    stored = await blobs.put(source.pipe(inspector), { maxBytes: budget.limits.maxAttachmentBytes });
  } catch (error) {
    source.unpipe(inspector);
    source.resume();
    throw failure ?? error;
  }
  if (failure) throw failure;
  const result = sniffed as Awaited<ReturnType<typeof sniffHead>> | null;
  return {
    fileName,
    mimeType: result?.mimeType ?? 'application/octet-stream',
    declaredMimeType: declared,
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
    kind: meta.kind ?? 'attachment',
    executable: result?.executable ?? false,
  };
}
