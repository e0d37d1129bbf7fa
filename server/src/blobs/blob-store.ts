import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  sizeBytes: number;
  /** Set only by the malware-scanning store (server/src/scanning) when put() was asked to scan. */
  scanStatus?: 'clean';
}

export interface PutOptions {
  maxBytes?: number;
  /**
   * The content came from outside (an upload): scan it for malware when scanning is configured.
   * The name is only used in the refusal message. Plain stores ignore this.
   */
  scan?: { fileName: string };
}

/** A blob as the garbage collector sees it: its hash and when it was last written. */
export interface ListedBlob {
  sha256: string;
  storedAt: Date;
}

/**
 * Content-addressed file storage. Writes stream through a hash and a size limit; reads verify the
 * hash while streaming and fail the stream with an integrity error if the stored bytes changed.
 */
export interface BlobStore {
  /** Streams `content` into the store; rejects with payload_too_large past maxBytes, storing nothing. */
  put(content: Readable, options?: PutOptions): Promise<StoredBlob>;
  /** A stream of the blob's bytes that errors (AppError integrity_error) if they do not hash to sha256. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
  /**
   * Blobs last written before olderThan. Writing the same content again counts as a new write
   * (put() replaces the file or object), so a blob someone just uploaded again is never listed.
   */
  list(olderThan: Date): AsyncIterable<ListedBlob>;
  /**
   * Deletes the blob; with ifOlderThan only if it was still last written before that moment (a
   * put() of the same content in the meantime keeps it). Resolves to whether it was deleted.
   */
  delete(sha256: string, options?: { ifOlderThan?: Date }): Promise<boolean>;
  /** Removes temporary upload files left behind (crash, killed process) older than olderThan. */
  removeStaleTempFiles(olderThan: Date): Promise<number>;
}
