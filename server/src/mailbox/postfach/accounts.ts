import type { Applicant } from '../../db/schema.js';

/**
 * Which user account an applicant's Postfach reference belongs to, read from what the form system
 * sent (OZG serviceKonto.type / postfachAddress.type, intelliForm user attributes, FIT-Connect reply
 * channel). Form systems spell these differently ("BUND_ID", "BundID", "bund", "OSI", "BAYERN_ID",
 * "Postkorb", "unternehmen", "MUK", "ELSTER"), so the words are normalised before they are compared.
 */
export type PostfachChannel = 'bundid' | 'osi' | 'bayernid' | 'muk';

type Mailbox = NonNullable<Applicant['mailbox']>;

const norm = (value: string | undefined) => (value ?? '').toLowerCase().replace(/[^a-z0-9äöü]/g, '');

/** An organisation's account: such Postfächer live in Mein Unternehmenskonto (also for former BayernID Organisationskonten). */
const ORGANISATION = /^(muk|meinunternehmenskonto|unternehmenskonto|unternehmen|organisation|organisationskonto|elster|juristischeperson|firma)$/;
const BUNDID = /^(bundid|bund|zbp|zentralesbuergerpostfach|zentralesbürgerpostfach|bundidpostfach|idbundde)$/;
const OSI = /^(osi|osipostfach|servicekontosh|osiservicekonto)$/;
const BAYERNID = /^(bayernid|bayern|postkorb|bayernidpostkorb|akdb|buergerkontobayern|bürgerkontobayern)$/;

/** The account system of one word, or null when the word names none. */
function systemOf(word: string): PostfachChannel | null {
  if (ORGANISATION.test(word)) return 'muk';
  if (BUNDID.test(word)) return 'bundid';
  if (OSI.test(word)) return 'osi';
  if (BAYERNID.test(word)) return 'bayernid';
  return null;
}

/**
 * The Postfach channel of a mailbox reference. An organisation marker wins over the account system
 * (a BayernID Organisationskonto answers in MUK); otherwise the account system (serviceKonto.type),
 * then the Postfach type.
 */
export function channelOfMailbox(mailbox: Mailbox): PostfachChannel | null {
  const words = [norm(mailbox.accountType), norm(mailbox.type)].filter(Boolean);
  if (words.some((w) => ORGANISATION.test(w))) return 'muk';
  for (const word of words) {
    const system = systemOf(word);
    if (system) return system;
  }
  return null;
}

export const CHANNEL_LABELS: Record<PostfachChannel, string> = {
  bundid: 'BundID-Postfach (Zentrales Bürgerpostfach)',
  osi: 'OSI-Postfach (Servicekonto)',
  bayernid: 'BayernID-Postkorb',
  muk: 'Postfach von Mein Unternehmenskonto',
};

const ACCOUNT_WORDS: Record<PostfachChannel, string> = {
  bundid: 'BundID-Konto',
  osi: 'OSI-Servicekonto',
  bayernid: 'BayernID-Bürgerkonto',
  muk: 'Unternehmenskonto',
};

/** STORK-QAA level 1–4 or an eIDAS word → a number 1–4, or null. */
export function storkLevel(trustLevel: string | undefined): 1 | 2 | 3 | 4 | null {
  const t = norm(trustLevel);
  if (!t) return null;
  const digit = /([1-4])$/.exec(t)?.[1];
  if (digit && (t.startsWith('stork') || t.startsWith('level') || t.length === 1)) return Number(digit) as 1 | 2 | 3 | 4;
  if (/hoch|high/.test(t)) return 4;
  if (/substan/.test(t)) return 3;
  if (/niedrig|low|basis|basic/.test(t)) return 2;
  return null;
}

const LEVEL_WORDS: Record<1 | 2 | 3 | 4, string> = { 1: 'Basisregistrierung', 2: 'niedrig', 3: 'substanziell', 4: 'hoch' };

/** "Unternehmenskonto, Vertrauensniveau substanziell" — the account in words, for the caseworker. */
export function accountInWords(channel: PostfachChannel, mailbox: Mailbox): string {
  const level = storkLevel(mailbox.trustLevel);
  return level ? `${ACCOUNT_WORDS[channel]}, Vertrauensniveau ${LEVEL_WORDS[level]}` : `${ACCOUNT_WORDS[channel]}, Vertrauensniveau nicht angegeben`;
}
