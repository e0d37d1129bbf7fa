import { PassThrough, Transform, type Readable } from 'node:stream';
import type { BlobStore, ListedBlob, PutOptions, StoredBlob } from '../blobs/blob-store.js';
import { AppError } from '../shared/errors.js';
import { ScannerUnavailableError, type MalwareScanner } from './scanner.js';

/**
 * A blob store that scans uploads while they are written: the bytes go to the store and, through
 * a tee, to the scanner at the same time. The end of the stream is held back until the verdict is
 * in, so the underlying store commits the file only when it is clean; an infected file or an
 * unreachable scanner fails the write and the store discards its temporary file (nothing stored,
 * fail closed). Reads, listing and deletion pass straight through.
 */
export class ScanningBlobStore implements BlobStore {
  constructor(
    readonly inner: BlobStore,
    readonly scanner: MalwareScanner,
  ) {}

  async put(content: Readable, options: PutOptions = {}): Promise<StoredBlob> {
    if (!options.scan) return this.inner.put(content, options);
    const fileName = options.scan.fileName;
    const toScanner = new PassThrough();
    const verdict = this.scanner.scan(toScanner);
    const gate = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        if (toScanner.write(chunk)) callback(null, chunk);
        else toScanner.once('drain', () => callback(null, chunk));
      },
      flush(callback) {
        toScanner.end();
        verdict.then(
          (result) => callback(result.clean ? null : malwareFound(fileName, result.signature)),
          (error: Error) => callback(scanFailed(error)),
        );
      },
    });
    // The inner store attaches its listeners only after an await: keep the first failure here, so
    // it neither escapes as an unhandled 'error' event nor turns into a vague "premature close".
    let failure: Error | null = null;
    gate.on('error', (error) => (failure ??= error));
    // A scanner that gives up mid-stream fails the upload at once instead of stalling it.
    verdict.catch((error: Error) => gate.destroy(scanFailed(error)));
    content.on('error', (error) => gate.destroy(error));
    try {
      const stored = await this.inner.put(content.pipe(gate), options);
      return { ...stored, scanStatus: 'clean' };
    } catch (error) {
      toScanner.destroy();
      content.unpipe(gate);
      throw failure ?? error;
    }
  }

  get(sha256: string): Promise<Readable> {
    return this.inner.get(sha256);
  }

  has(sha256: string): Promise<boolean> {
    return this.inner.has(sha256);
  }

  list(olderThan: Date): AsyncIterable<ListedBlob> {
    return this.inner.list(olderThan);
  }

  delete(sha256: string, options?: { ifOlderThan?: Date }): Promise<boolean> {
    return this.inner.delete(sha256, options);
  }

  removeStaleTempFiles(olderThan: Date): Promise<number> {
    return this.inner.removeStaleTempFiles(olderThan);
  }
}

function malwareFound(fileName: string, signature: string): AppError {
  return new AppError('malware_found', {
    field: 'attachment',
    detail: `In der Datei „${fileName}“ wurde Schadsoftware gefunden. Die Datei wird nicht angenommen.`,
    // The signature name is for the operator's log; it helps an attacker more than the sender.
    internal: `malware found in upload: ${signature}`,
  });
}

function scanFailed(error: Error): Error {
  if (!(error instanceof ScannerUnavailableError)) return error;
  return new AppError('scanner_unavailable', {
    detail: 'Die Prüfung auf Schadsoftware ist gerade nicht möglich. Die Datei wurde nicht angenommen; bitte versuchen Sie es später erneut.',
    internal: error.message,
  });
}
