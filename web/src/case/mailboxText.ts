import type { Applicant } from '../api/types';
import { t } from '../i18n/de';

type Mailbox = NonNullable<Applicant['mailbox']>;

/** Account types as the channels spell them (OZG serviceKonto.type, postfachAddress.type, intelliForm attributes …). */
const COMPANY = /^(unternehmen|unternehmenskonto|muk|mein_?unternehmenskonto|organisation|organisations_?konto|org)$/i;
const KINDS: Array<[RegExp, keyof typeof t.mailboxWords.kinds]> = [
  [/^bund_?id$/i, 'bundId'],
  [/^bayern_?id$/i, 'bayernId'],
  [/^osi$/i, 'osi'],
  [/^(servicekonto|nutzerkonto)$/i, 'servicekonto'],
  [/^fink$/i, 'fink'],
  [/^elster$/i, 'elster'],
];

/**
 * STORK-QAA levels in the eIDAS words German user accounts show: levels 1 and 2 are „niedrig“
 * (BundID's user name and password is level 1 and is called „niedrig“ there), 3 „substanziell“
 * (e.g. ELSTER certificate), 4 „hoch“ (eID card). Decision record: docs/decisions/0010-*.md.
 */
export function trustLevelWords(level: string | undefined): string | null {
  if (!level) return null;
  const stork = /STORK-QAA-Level-([1-4])\s*$/i.exec(level.trim());
  if (stork) return t.mailboxWords.levels[Number(stork[1]) <= 2 ? 'low' : stork[1] === '3' ? 'substantial' : 'high'];
  const eidas = /(low|substantial|high|niedrig|substanziell|hoch)\s*$/i.exec(level.trim());
  if (eidas) {
    const word = eidas[1]!.toLowerCase();
    return t.mailboxWords.levels[word === 'low' || word === 'niedrig' ? 'low' : word === 'high' || word === 'hoch' ? 'high' : 'substantial'];
  }
  return level.trim();
}

/** The kind of account behind the Postfach, in words; an unknown code is shown as it came. */
export function accountWords(mailbox: Mailbox): string {
  const codes = [mailbox.accountType, mailbox.rawType, mailbox.type].filter((c): c is string => !!c?.trim()).map((c) => c.trim());
  // accountKind: the intake's verdict from all the channel's data (server/src/intake/applicant/identity.ts).
  if (mailbox.accountKind === 'organisation' || codes.some((c) => COMPANY.test(c))) return t.mailboxWords.kinds.company;
  for (const code of codes) {
    const kind = KINDS.find(([pattern]) => pattern.test(code));
    if (kind) return t.mailboxWords.kinds[kind[1]];
  }
  const raw = codes.find((c) => c.toLowerCase() !== 'unbekannt');
  return raw ? t.mailboxWords.other(raw) : t.mailboxWords.kinds.unknown;
}

/** „Unternehmenskonto, Vertrauensniveau substanziell“. */
export function mailboxWords(mailbox: Mailbox): string {
  const level = trustLevelWords(mailbox.trustLevel);
  return level ? `${accountWords(mailbox)}, ${t.mailboxWords.level(level)}` : accountWords(mailbox);
}
