import type { MailboxAdapter } from './types.js';

/**
 * The built-in citizen portal. The message is stored already; delivering it means making it
 * visible in the portal, so it is 'delivered' at once. 'read' is recorded when the applicant opens
 * it there, and replies arrive through the portal's own routes (server/src/portal).
 */
export const portalAdapter: MailboxAdapter = {
  channel: 'portal',
  async send() {
    return { externalId: null, status: 'delivered' };
  },
};
