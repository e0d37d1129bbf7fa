import type { Readable } from 'node:stream';
import type { BlobStore } from '../../blobs/blob-store.js';
import { AppError } from '../../shared/errors.js';
import { formatBytes, type SubmissionBudget } from '../attachments.js';
import { Base64Sink } from './base64-sink.js';
import { DepositCollector, type DepositData, type SoapCredentials } from './deposit-collector.js';
import { XmlScanner } from './xml-stream.js';

export interface DepositReaderLimits {
  /** The whole envelope in bytes (base64 attachments included). */
  maxEnvelopeBytes: number;
  /** What we read before we know the sender: the SOAP header with WS-Security must fit. */
  preAuthBytes: number;
  /** All text outside attachment contents (ids, names, parameters). */
  maxTextBytes: number;
}

const MAX_TOKEN_CHARS = 64 * 1024;
const MAX_DEPTH = 32;

/**
 * Reads an intelliForm deposit envelope from the request stream in two steps: first only the SOAP
 * header (bounded, before anyone is authenticated), then — for an authenticated sender — the body,
 * whose base64 attachments are decoded piece by piece into the blob store. Nothing is ever held
 * as one big string, and the event loop gets a turn after every network chunk.
 */
export class DepositReader {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private readonly collector: DepositCollector;
  private readonly scanner: XmlScanner;
  private received = 0;
  private ended = false;

  constructor(
    private readonly source: Readable,
    private readonly limits: DepositReaderLimits,
  ) {
    this.collector = new DepositCollector(limits.maxTextBytes, () => this.scanner.pause());
    this.scanner = new XmlScanner(this.collector, 'SOAP-Nachricht', { maxTokenChars: MAX_TOKEN_CHARS, maxDepth: MAX_DEPTH });
  }

  /**
   * The WS-Security credentials from the SOAP header, reading no further than the start of the
   * body and never more than preAuthBytes. `authenticated`: the sender already proved itself in
   * an HTTP header, so a missing WS-Security header is fine.
   */
  async readHeader(authenticated: boolean): Promise<SoapCredentials | null> {
    while (!this.collector.bodyStarted && !this.ended) {
      if (this.received > this.limits.preAuthBytes) {
        if (authenticated) throw new AppError('payload_too_large', { detail: `Der SOAP-Header ist größer als ${formatBytes(this.limits.preAuthBytes)}.` });
        throw new AppError('unauthenticated', {
          detail: `Für die Einreichung fehlt ein gültiger Eingangs-Zugang: Die Anmeldung (WS-Security) muss in den ersten ${formatBytes(this.limits.preAuthBytes)} der Nachricht stehen.`,
        });
      }
      await this.readChunk();
    }
    return this.collector.credentials();
  }

  /** The deposit with its attachments already in the blob store (not yet checked for type). */
  async readBody(blobs: BlobStore, budget: SubmissionBudget): Promise<DepositData> {
    this.collector.startBody((position) => new Base64Sink(blobs, budget, position));
    try {
      this.scanner.resume();
      await this.waitForStore();
      while (!this.ended) {
        await this.readChunk();
        await this.waitForStore();
      }
      return await this.collector.finish();
    } catch (error) {
      await this.collector.abort(error as Error);
      throw error;
    }
  }

  private async waitForStore(): Promise<void> {
    const sink = this.collector.congested();
    if (sink) await sink.drained();
  }

  /**
   * Stops reading: what the sender still sends is discarded as it arrives (never kept), so the
   * refusal reaches the sender and the connection ends cleanly. Call once the route is done.
   */
  release(): void {
    if (!this.ended) this.source.resume();
  }

  private async readChunk(): Promise<void> {
    const chunk = await this.nextChunk();
    if (chunk === null) {
      this.ended = true;
      this.feed(this.decode(undefined));
      this.scanner.end();
      return;
    }
    this.received += chunk.length;
    if (this.received > this.limits.maxEnvelopeBytes) {
      throw new AppError('payload_too_large', { detail: `Die SOAP-Nachricht ist größer als ${formatBytes(this.limits.maxEnvelopeBytes)}.` });
    }
    this.feed(this.decode(chunk));
  }

  /** The next chunk, or null at the end. Listeners live only while waiting, so release() can drain. */
  private nextChunk(): Promise<Buffer | null> {
    const chunk = this.source.read() as Buffer | null;
    if (chunk !== null) return Promise.resolve(chunk);
    if (this.source.readableEnded) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const cleanup = () => this.source.off('readable', onReadable).off('end', onEnd).off('error', onError).off('close', onClose);
      const onReadable = () => {
        cleanup();
        resolve(this.nextChunk());
      };
      const onEnd = () => {
        cleanup();
        resolve(null);
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onClose = () => {
        cleanup();
        reject(new AppError('bad_request', { detail: 'Die Verbindung wurde vor dem Ende der SOAP-Nachricht getrennt.' }));
      };
      this.source.on('readable', onReadable).on('end', onEnd).on('error', onError).on('close', onClose);
    });
  }

  private decode(bytes: Buffer | undefined): string {
    try {
      return bytes ? this.decoder.decode(bytes, { stream: true }) : this.decoder.decode();
    } catch {
      throw new AppError('bad_request', { field: 'SOAP-Nachricht', detail: 'SOAP-Nachricht: Der Inhalt ist kein gültiges UTF-8.' });
    }
  }

  private feed(text: string): void {
    if (text.includes('\u0000')) throw new AppError('bad_request', { field: 'SOAP-Nachricht', detail: 'SOAP-Nachricht: Der Inhalt enthält NUL-Zeichen.' });
    if (text) this.scanner.feed(text);
  }
}
