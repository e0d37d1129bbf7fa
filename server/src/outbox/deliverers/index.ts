import type { AppConfig } from '../../config.js';
import type { OutboxKind } from '../enqueue.js';
import { domainEventDeliverer } from './domain-event.js';
import { emailDeliverer } from './email.js';
import { fitConnectEventDeliverer } from '../../intake/fit-connect/event-deliverer.js';
import { mailboxMessageDeliverer, postfachStatusDeliverer } from './mailbox-message.js';
import type { Deliverer } from './types.js';
import { webhookDeliverer } from './webhook.js';

export function createDeliverers(config: AppConfig): Record<OutboxKind, Deliverer> {
  return {
    webhook: webhookDeliverer(),
    domain_event: domainEventDeliverer,
    email: emailDeliverer(config),
    mailbox_message: mailboxMessageDeliverer(config),
    fit_connect_event: fitConnectEventDeliverer,
    postfach_status: postfachStatusDeliverer(config),
  };
}
