import type { BlobStore } from '../../blobs/index.js';
import type { XdomeaMessageBuilders } from '../contract.js';
import { buildCaseMessage, buildConfirmation } from './build.js';
import { parseIncoming } from './parse.js';
import { messageXmlFromZip } from './unzip.js';

export { AUTHORITY_CONFIRMATIONS } from './build.js';
export { MAX_INCOMING_BYTES } from './parse.js';

/**
 * xdomea 3.0 messages (issue #16): build, validate against the vendored XSDs, pack, and parse the
 * answers. The builders read attachment bytes from the blob store, hence the one dependency; the
 * composition root (or a deliverer) passes `createBlobStore(config)`.
 */
export function createXdomeaMessages(deps: { blobs: BlobStore }): XdomeaMessageBuilders {
  return {
    handover: (trx, input) => buildCaseMessage(trx, deps.blobs, '0401', input),
    offer: (trx, input) => buildCaseMessage(trx, deps.blobs, '0501', input),
    disposal: (trx, input) => buildCaseMessage(trx, deps.blobs, '0503', input),
    confirmation: (input) => buildConfirmation(input),
    parse: async (body) => parseIncoming(body, messageXmlFromZip),
  };
}
