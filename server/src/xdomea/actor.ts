import type { Actor } from '../auth/principal.js';

/** Who changes a case when a package leaves or an answer arrives: the exchange, not a person. */
export const XDOMEA_ACTOR: Actor = { kind: 'system', id: null, name: 'xdomea-Austausch' };
