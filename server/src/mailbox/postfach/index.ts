import type { Trx } from '../../db/database.js';
import type { Applicant } from '../../db/schema.js';
import { accountInWords, channelOfMailbox, CHANNEL_LABELS, type PostfachChannel } from './accounts.js';
import { findPostfachSettings, missingFields } from './settings.js';

/**
 * The Postfach services of the user accounts: BundID's Zentrales Bürgerpostfach (ZBP), the OSI
 * Postfach, the BayernID Postkorb and Mein Unternehmenskonto (MUK). A message to an applicant who
 * signed in with one of those accounts goes into that account's Postfach when the tenant has set up
 * the matching adapter (see docs/mailbox.md, docs/decisions/0012-postfach-adapters.md).
 */
export type { PostfachChannel } from './accounts.js';
export { POSTFACH_CHANNELS, isPostfachChannel } from './settings.js';

/** The answer of postfachRouteFor: the Postfach channel to use, or why none applies (German, for the caseworker). */
export type PostfachRoute =
  | { channel: PostfachChannel; label: string; reason: string }
  | { channel: null; reason: string };

/**
 * Which Postfach adapter serves this applicant's account: the account type decides the channel,
 * and the channel is used only if the tenant has switched that adapter on and filled it in.
 */
export async function postfachRouteFor(trx: Trx, tenantId: string, mailbox: Applicant['mailbox']): Promise<PostfachRoute> {
  if (!mailbox?.identifier) return { channel: null, reason: 'Die antragstellende Person hat kein Postfach eines Nutzerkontos angegeben.' };
  const channel = channelOfMailbox(mailbox);
  if (!channel) {
    return { channel: null, reason: `Das Postfach gehört zu einem unbekannten Nutzerkonto („${(mailbox.accountType ?? mailbox.type).slice(0, 40)}“); dafür gibt es keinen Postfachdienst.` };
  }
  const words = accountInWords(channel, mailbox);
  const settings = await findPostfachSettings(trx, tenantId, channel);
  if (!settings?.enabled || missingFields(channel, settings).length) {
    return { channel: null, reason: `${words}: Der Dienst „${CHANNEL_LABELS[channel]}“ ist bei Ihrer Kommune nicht eingerichtet.` };
  }
  return { channel, label: CHANNEL_LABELS[channel], reason: `${words}: Die Nachricht geht in das Postfach dieses Kontos.` };
}
