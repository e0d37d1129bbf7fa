import type { AppConfig } from '../config.js';
import { notifyIntakeStaff } from '../intake/notify.js';
import { fitConnectEventDeliverer } from '../intake/fit-connect/event-deliverer.js';
import { mailboxMessageDeliverer, postfachStatusDeliverer } from '../mailbox/deliverers.js';
import { notifyNewCase } from '../notifications/fan-out.js';
import { processorRunDeliverer, startProcessorsOnCreation } from '../processors/deliverer.js';
import type { OutboxKind } from '../outbox/enqueue.js';
import { domainEventDeliverer, type DomainEventListener } from '../outbox/deliverers/domain-event.js';
import { emailDeliverer } from '../outbox/deliverers/email.js';
import type { Deliverer } from '../outbox/deliverers/types.js';
import { webhookDeliverer } from '../outbox/deliverers/webhook.js';
import { startOutboxWorkerWith, type OutboxWorker, type OutboxWorkerDeps } from '../outbox/worker.js';
import { isUuid } from '../shared/ids.js';
import { webhookEventDeliverer } from '../webhooks/deliverer.js';
import type { XdomeaMessageBuilders } from '../xdomea/contract.js';
import { xdomeaMessageDeliverer } from '../xdomea/deliverer.js';
import { createTransports } from '../xdomea/transport/index.js';
import { defaultXdomeaBuilders } from './xdomea.js';

export type { OutboxWorker } from '../outbox/worker.js';

/**
 * A new case tells the people of its org unit in the desk (server/src/notifications) and, where the
 * tenant wants it, by e-mail (server/src/intake/notify.ts).
 */
const caseCreatedNotices: DomainEventListener = async (trx, message, event, ctx) => {
  if (event.eventType === 'case.created' && typeof event.body.caseId === 'string' && isUuid(event.body.caseId)) {
    await notifyNewCase(trx, message.tenantId, event.body.caseId);
    await notifyIntakeStaff(trx, message.tenantId, event.body.caseId, ctx.config.publicUrl);
  }
};

/**
 * Who delivers each kind of outbox message. The outbox knows no domain module; the modules offer
 * their deliverers and listeners, and this list wires them (a kind without an entry fails typecheck).
 */
export function createDeliverers(config: AppConfig, xdomeaBuilders: XdomeaMessageBuilders = defaultXdomeaBuilders(config)): Record<OutboxKind, Deliverer> {
  return {
    webhook: webhookDeliverer(),
    domain_event: domainEventDeliverer([caseCreatedNotices, startProcessorsOnCreation]),
    email: emailDeliverer(config),
    mailbox_message: mailboxMessageDeliverer(config),
    fit_connect_event: fitConnectEventDeliverer,
    postfach_status: postfachStatusDeliverer(config),
    webhook_event: webhookEventDeliverer(),
    xdomea_message: xdomeaMessageDeliverer(xdomeaBuilders, createTransports(config)),
    processor_run: processorRunDeliverer(),
  };
}

/** The outbox worker with every deliverer of this installation (server, worker process, tests). */
export function startOutboxWorker(deps: OutboxWorkerDeps & { xdomeaBuilders?: XdomeaMessageBuilders }): OutboxWorker {
  return startOutboxWorkerWith(createDeliverers(deps.config, deps.xdomeaBuilders), deps);
}
