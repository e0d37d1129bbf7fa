import type { AppConfig } from '../config.js';
import { createBlobStore } from '../blobs/index.js';
import { deliverMailboxMessage } from './delivery.js';
import { deliverStatusUpdate } from './postfach/status-monitor.js';
import type { OutboxMessages } from '../outbox/enqueue.js';
import type { Deliverer } from '../outbox/deliverers/types.js';

/** Delivers a message to an applicant through its mailbox channel (server/src/mailbox). */
export function mailboxMessageDeliverer(config: AppConfig): Deliverer {
  const blobs = createBlobStore(config);
  return {
    async deliver(message, { db }) {
      const payload = message.payload as OutboxMessages['mailbox_message'];
      await deliverMailboxMessage({ db, config, blobs }, message.tenantId, payload.messageId, message.idempotencyKey);
    },
  };
}

/** Delivers an application status message to the BundID status monitor (server/src/mailbox/postfach). */
export function postfachStatusDeliverer(config: AppConfig): Deliverer {
  const blobs = createBlobStore(config);
  return {
    async deliver(message, { db }) {
      await deliverStatusUpdate({ db, config, blobs }, message.tenantId, message.payload as OutboxMessages['postfach_status'], message.idempotencyKey);
    },
  };
}
