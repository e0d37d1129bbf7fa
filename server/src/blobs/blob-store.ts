import type { Readable } from 'node:stream';

export interface StoredBlob {
  sha256: string;
  sizeBytes: number;
}

/**
 * Content-addressed file storage. Writes stream through a hash and a size limit; reads verify the
 * hash while streaming and fail the stream with an integrity error if the stored bytes changed.
 */
export interface BlobStore {
  /** Streams `content` into the store; rejects with payload_too_large past maxBytes, storing nothing. */
  put(content: Readable, options?: { maxBytes?: number }): Promise<StoredBlob>;
  /** A stream of the blob's bytes that errors (AppError integrity_error) if they do not hash to sha256. */
  get(sha256: string): Promise<Readable>;
  has(sha256: string): Promise<boolean>;
}
