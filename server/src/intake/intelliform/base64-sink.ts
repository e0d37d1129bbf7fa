import { PassThrough } from 'node:stream';
import type { BlobStore, StoredBlob } from '../../blobs/blob-store.js';
import { AppError } from '../../shared/errors.js';
import { ATTACHMENT_HEAD_BYTES, formatBytes, type SubmissionBudget } from '../attachments.js';
import { decodeXmlText } from './xml.js';

export interface StreamedContent extends StoredBlob {
  /** The first bytes, for sniffing once the attachment's name and declared type are known. */
  head: Buffer;
}

const invalid = (position: number) =>
  new AppError('bad_request', { field: 'attachments.content', detail: `Die Anlage Nr. ${position} ist nicht gültig Base64-kodiert.` });

/**
 * Decodes one base64 element piece by piece into the blob store. Every decoded byte counts against
 * the submission budget and the attachment limit as it arrives, so an oversized attachment fails
 * after at most one network chunk past its limit; the blob store discards the temporary file.
 */
export class Base64Sink {
  private readonly stream = new PassThrough();
  private readonly stored: Promise<StoredBlob>;
  private carry = '';
  private padded = false;
  private padding = 0;
  private size = 0;
  private readonly headChunks: Buffer[] = [];
  private headSize = 0;
  private failure: Error | null = null;

  constructor(
    blobs: BlobStore,
    private readonly budget: SubmissionBudget,
    private readonly position: number,
  ) {
    budget.countPart();
    // The blob store attaches its listeners only after an await; an abort before that must not
    // surface as an unhandled 'error' event (the failure reaches us through `stored`).
    this.stream.on('error', () => undefined);
    // The name arrives after the content in a deposit; the scanner's refusal names the position.
    this.stored = blobs.put(this.stream, { maxBytes: budget.limits.maxAttachmentBytes, scan: { fileName: `Anlage Nr. ${position}` } });
    // Observed here so an early failure never becomes an unhandled rejection; result() rethrows it.
    this.stored.catch((error: Error) => (this.failure ??= error));
  }

  /** False when the store is behind: the reader waits for drained() before feeding more. */
  write(piece: string, literal: boolean): boolean {
    const text = !literal && piece.includes('&') ? decodeXmlText(piece) : piece;
    const clean = text.replace(/\s+/g, '');
    if (!clean) return true;
    // Padding ends the data: after the first '=' only '=' may follow (up to two), in any piece.
    if (!(this.padded ? /^=+$/ : /^[A-Za-z0-9+/]*=*$/).test(clean)) throw invalid(this.position);
    const padding = clean.length - clean.replace(/=/g, '').length;
    this.padding += padding;
    if (this.padding > 2) throw invalid(this.position);
    if (padding) this.padded = true;
    const all = this.carry + clean;
    const usable = all.length - (all.length % 4);
    this.carry = all.slice(usable);
    return this.push(Buffer.from(all.slice(0, usable), 'base64'));
  }

  /** Resolves when the store caught up, or when the upload stopped (the next write then fails). */
  drained(): Promise<void> {
    if (this.stream.destroyed || this.stream.writableEnded) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.stream.off('drain', done).off('close', done);
        resolve();
      };
      this.stream.on('drain', done).on('close', done);
    });
  }

  async finish(): Promise<StreamedContent> {
    if (this.carry.length === 1) throw invalid(this.position);
    if (this.carry) this.push(Buffer.from(this.carry, 'base64'));
    this.stream.end();
    const stored = await this.stored;
    return { ...stored, head: Buffer.concat(this.headChunks) };
  }

  /** Stops the upload; the blob store removes what it wrote. Resolves once it has. */
  async abort(error: Error): Promise<void> {
    this.stream.destroy(error);
    await this.stored.catch(() => undefined);
  }

  private push(bytes: Buffer): boolean {
    if (!bytes.length) return true;
    this.size += bytes.length;
    if (this.size > this.budget.limits.maxAttachmentBytes) {
      throw new AppError('payload_too_large', { detail: `Die Anlage Nr. ${this.position} ist größer als ${formatBytes(this.budget.limits.maxAttachmentBytes)}.` });
    }
    this.budget.add(bytes.length);
    if (this.headSize < ATTACHMENT_HEAD_BYTES) {
      const part = bytes.subarray(0, ATTACHMENT_HEAD_BYTES - this.headSize);
      this.headChunks.push(Buffer.from(part));
      this.headSize += part.length;
    }
    if (this.failure) throw this.failure;
    return this.stream.write(bytes);
  }
}
