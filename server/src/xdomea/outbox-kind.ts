import type { XdomeaMessageType } from './contract.js';

// The outbox kind of this room (delivered by xdomea/deliverer.ts, registered in main/outbox.ts).
declare module '../outbox/enqueue.js' {
  interface OutboxMessages {
    /** One outgoing xdomea message of a process (0401, 0501, 0503, 0505): built at delivery, sent by the target's transport. */
    xdomea_message: { processRowId: string; messageType: XdomeaMessageType };
  }
}
