import { Readable, Transform } from 'node:stream';
import type { BlobStore } from '../blobs/blob-store.js';
import { AppError } from '../shared/errors.js';
import { sanitizeFileName } from './file-names.js';
import { misdeclaredMarkup, sniffHead } from './sniff.js';
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
    /**
     * Tenant policy; platform senders always get the strict default. Asked only when a file
     * actually is an executable, so an ordinary upload costs no policy read.
     */
    private readonly executablesPolicy: boolean | (() => Promise<boolean>) = true,
  ) {}

  async rejectsExecutables(): Promise<boolean> {
    if (typeof this.executablesPolicy === 'function') return this.executablesPolicy();
    return this.executablesPolicy;
  }

  countPart(): void {
    if (++this.parts > this.limits.maxParts) {
      throw new AppError('payload_too_large', { detail: `Die Einreichung enthält mehr als ${this.limits.maxParts} Teile.` });
    }
  }

  add(bytes: number): void {
    this.used += bytes;
    this.check(0);
  }

  /** Throws if `more` bytes would exceed the submission limit. */
  check(more: number): void {
    if (this.used + more > this.limits.maxSubmissionBytes) {
      throw new AppError('payload_too_large', {
        detail: `Die Einreichung ist größer als ${formatBytes(this.limits.maxSubmissionBytes)}.`,
      });
    }
  }
}

export interface ClassifiedAttachment {
  fileName: string;
  declared: string | null;
  sniffed: Awaited<ReturnType<typeof sniffHead>>;
}

/**
 * Names and types one attachment from its first bytes (HEAD_BYTES) and the sender's claims, and
 * refuses executables unless the tenant allows them, and markup posing as a PDF or image. Shared by the channels that know the file's
 * name before its bytes (multipart) and those that learn it after (SOAP, streamed).
 */
export async function classifyAttachment(head: Buffer, meta: AttachmentMeta, budget: SubmissionBudget): Promise<ClassifiedAttachment> {
  const fileName = sanitizeFileName(meta.fileName);
  const declared = meta.declaredMimeType?.trim() || null;
  const sniffed = await sniffHead(head.subarray(0, HEAD_BYTES), declared, fileName);
  if (sniffed.executable && (await budget.rejectsExecutables())) {
    throw new AppError('unprocessable', {
      field: 'attachment',
      detail: `Die Datei „${fileName}“ ist ein ausführbares Programm oder Skript und wird nicht angenommen.`,
    });
  }
  const claimed = misdeclaredMarkup(sniffed, declared, fileName);
  if (claimed) {
    throw new AppError('file_type_mismatch', {
      field: 'attachment',
      detail: `Die Datei „${fileName}“ ist ${claimed}, enthält aber ${describeMarkup(sniffed.mimeType)} und wird nicht angenommen.`,
    });
  }
  return { fileName, declared, sniffed };
}

export const ATTACHMENT_HEAD_BYTES = HEAD_BYTES;

export interface AttachmentMeta {
  fileName: string | null | undefined;
  declaredMimeType?: string | null;
  kind?: string;
}

/**
 * Streams one attachment into the blob store: sniffs the type from the first bytes and refuses
 * executables before anything is written, then counts every byte against the submission budget
 * on its way into the store, which scans it for malware when scanning is configured (an infected
 * file or an unreachable scanner refuses the upload). On any error the blob store discards its temporary file, so an
 * interrupted upload leaves nothing behind.
 */
export async function stageAttachment(blobs: BlobStore, source: Readable, meta: AttachmentMeta, budget: SubmissionBudget): Promise<StagedAttachment> {
  budget.countPart();
  const { head, ended } = await readHead(source, HEAD_BYTES);
  let classified: ClassifiedAttachment;
  try {
    classified = await classifyAttachment(head, meta, budget);
  } catch (error) {
    source.resume();
    throw error;
  }
  const { fileName, declared, sniffed } = classified;
  // Fail before the blob store opens a file where we can (the whole head is already known).
  budget.check(head.length);
  if (head.length > budget.limits.maxAttachmentBytes) {
    source.resume();
    throw new AppError('payload_too_large', { detail: `Die Datei „${fileName}“ ist größer als ${formatBytes(budget.limits.maxAttachmentBytes)}.` });
  }
  const counter = new Transform({
    transform(chunk: Buffer, _enc, callback) {
      try {
        budget.add(chunk.length);
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  // The blob store attaches its listeners only after an await; remember an early failure here so
  // it neither escapes as an unhandled 'error' event nor gets lost.
  let failure: Error | null = null;
  counter.on('error', (error) => (failure ??= error));
  let input: Readable = source;
  if (ended) input = Readable.from(head.length ? [head] : []);
  else if (head.length) source.unshift(head);
  input.on('error', (error) => counter.destroy(error));
  let stored;
  try {
    stored = await blobs.put(input.pipe(counter), { maxBytes: budget.limits.maxAttachmentBytes, scan: { fileName } });
  } catch (error) {
    input.unpipe(counter);
    input.resume();
    throw failure ?? error;
  }
  if (failure) throw failure;
  return {
    fileName,
    mimeType: sniffed.mimeType,
    declaredMimeType: declared,
    sizeBytes: stored.sizeBytes,
    sha256: stored.sha256,
    kind: meta.kind ?? 'attachment',
    executable: sniffed.executable,
    // Refused above if infected; 'clean' only when a scanner actually looked at it.
    scanStatus: stored.scanStatus ?? 'not_scanned',
  };
}

const describeMarkup = (mime: string) =>
  mime === 'text/html' ? 'HTML' : mime === 'application/xhtml+xml' ? 'XHTML' : mime === 'image/svg+xml' ? 'SVG-Code' : 'XML';

/** Reads at least n bytes (or everything, if shorter) without consuming the rest of the stream. */
async function readHead(source: Readable, n: number): Promise<{ head: Buffer; ended: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  while (size < n) {
    const chunk = source.read() as Buffer | null;
    if (chunk) {
      chunks.push(chunk);
      size += chunk.length;
      continue;
    }
    if (source.readableEnded) return { head: Buffer.concat(chunks), ended: true };
    const ended = await new Promise<boolean>((resolve, reject) => {
      const done = (value: boolean | Error) => {
        source.off('readable', onReadable).off('end', onEnd).off('error', onError);
        if (value instanceof Error) reject(value);
        else resolve(value);
      };
      const onReadable = () => done(false);
      const onEnd = () => done(true);
      const onError = (error: Error) => done(error);
      source.on('readable', onReadable).on('end', onEnd).on('error', onError);
    });
    if (ended) return { head: Buffer.concat(chunks), ended: true };
  }
  return { head: Buffer.concat(chunks), ended: false };
}
