import { AppError } from '../shared/errors.js';
import type { XdomeaMessageBuilders } from '../xdomea/contract.js';

const notYet = () => new AppError('unavailable', {
  detail: 'Die xdomea-Nachrichten können in dieser Version noch nicht erzeugt werden.',
  internal: 'xdomea message builders not wired (server/src/xdomea/messages)',
});

/**
 * The xdomea message builders of this installation (issue #16). They are built and validated in
 * server/src/xdomea/messages (a parallel branch); until that is merged, every build and parse is
 * refused, so a queued message waits in the outbox with a visible reason instead of leaving unvalidated.
 * Merge step: return the real builders here.
 */
export function defaultXdomeaBuilders(): XdomeaMessageBuilders {
  return {
    handover: () => Promise.reject(notYet()),
    offer: () => Promise.reject(notYet()),
    disposal: () => Promise.reject(notYet()),
    confirmation: () => Promise.reject(notYet()),
    parse: () => Promise.reject(notYet()),
  };
}
