import type { AppConfig } from '../config.js';
import { createBlobStore } from '../blobs/index.js';
import type { XdomeaMessageBuilders } from '../xdomea/contract.js';
import { createXdomeaMessages } from '../xdomea/messages/index.js';

/**
 * The xdomea message builders of this installation (issue #16): built and validated against the
 * vendored XSDs in server/src/xdomea/messages; they read a case's files from the blob store.
 */
export function defaultXdomeaBuilders(config: AppConfig): XdomeaMessageBuilders {
  return createXdomeaMessages({ blobs: createBlobStore(config) });
}
