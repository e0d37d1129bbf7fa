import type { Applicant } from '../../db/schema.js';

export type Mailbox = NonNullable<Applicant['mailbox']>;

/**
 * What the channel itself says about the applicant, besides the form: the Postfach of the user
 * account they signed in with (and its trust level), whether that account is an organisation's,
 * and a reply address the channel names. The sender system asserts these; Amtsdesk trusts them as
 * much as the authenticated sender (docs/intake.md, „Applicant contact mapping“).
 */
export interface ChannelIdentity {
  mailbox?: Mailbox;
  /** The account is an organisation's (Mein Unternehmenskonto, an Organisationskonto). */
  organisation?: boolean;
  /** A reply address the channel names outside the form (FIT-Connect replyChannel.eMail). */
  replyEmail?: string;
}

/**
 * The Postfach service an account type names, so the mailbox side can pick its adapter
 * (server/src/mailbox/postfach): BundID's ZBP, the OSI Postfach, the BayernID Postkorb, Mein
 * Unternehmenskonto. Tried in this order, first hit wins; BayernID before the company words, as a
 * BayernID organisation account still has its Postkorb.
 */
const CHANNELS: Array<[RegExp, Mailbox['type']]> = [
  [/bayern[\s_.-]?id|bayernportal|freistaat\.bayern|postkorb/i, 'bayernid'],
  [/bund[\s_.-]?id|(?<![a-z])zbp(?![a-z])|id\.bund\.de|buergerpostfach|bürgerpostfach/i, 'bundid'],
  [/(?<![a-z])osi(?![a-z])|schleswig-holstein/i, 'osi'],
  [/(?<![a-z])muk(?![a-z])|unternehmen|organisation/i, 'muk'],
];

/** Words that mark an organisation's account (OZG serviceKonto.type „unternehmen“, …). */
const ORGANISATION_ACCOUNT = /unternehmen|organisation|(?<![a-z])muk(?![a-z])|firma|juristisch/i;

export function postfachChannelOf(...hints: Array<string | undefined>): Mailbox['type'] | undefined {
  const text = hints.filter(Boolean).join(' ');
  return CHANNELS.find(([pattern]) => pattern.test(text))?.[1];
}

export function isOrganisationAccount(...hints: Array<string | undefined>): boolean {
  return hints.some((h) => !!h && ORGANISATION_ACCOUNT.test(h));
}

/**
 * STORK-QAA levels and eIDAS words → low / substantial / high (STORK 1 and 2 are eIDAS „niedrig“,
 * 3 „substanziell“, 4 „hoch“; decision 0010). Anything else: undefined, the raw value stays.
 */
export function eidasLevelOf(level: string | undefined): Mailbox['level'] {
  if (!level) return undefined;
  const stork = /STORK-QAA-Level-([1-4])\s*$/i.exec(level.trim());
  if (stork) return Number(stork[1]) <= 2 ? 'low' : stork[1] === '3' ? 'substantial' : 'high';
  const word = /(low|substantial|high|niedrig|normal|substanziell|hoch)\s*$/i.exec(level.trim())?.[1]?.toLowerCase();
  if (!word) return undefined;
  return word === 'low' || word === 'niedrig' || word === 'normal' ? 'low' : word === 'high' || word === 'hoch' ? 'high' : 'substantial';
}

const clip = (value: string | undefined, max: number) => {
  const v = value?.trim();
  return v ? v.slice(0, max) : undefined;
};

/**
 * A mailbox reference from what a channel carries. `type` is the Postfach service when it can be
 * told ('bundid' | 'osi' | 'bayernid' | 'muk'), else the raw type; `rawType` keeps what was sent.
 */
export function mailboxFrom(input: { identifier?: string; rawType?: string; accountType?: string; trustLevel?: string; host?: string; hint?: string }): Mailbox | undefined {
  const identifier = clip(input.identifier, 500);
  if (!identifier) return undefined;
  const rawType = clip(input.rawType, 100);
  const accountType = clip(input.accountType, 100);
  const trustLevel = clip(input.trustLevel, 100);
  const channel = postfachChannelOf(accountType, rawType, input.host) ?? postfachChannelOf(input.hint);
  const mailbox: Mailbox = { identifier, type: channel ?? rawType ?? accountType ?? 'unbekannt' };
  if (rawType) mailbox.rawType = rawType;
  if (accountType) mailbox.accountType = accountType;
  if (trustLevel) mailbox.trustLevel = trustLevel;
  const level = eidasLevelOf(trustLevel);
  if (level) mailbox.level = level;
  if (isOrganisationAccount(accountType, rawType)) mailbox.accountKind = 'organisation';
  return mailbox;
}

/** The identity a stored case still carries (for re-applying a mapping later). */
export function identityOfStored(applicant: Applicant): ChannelIdentity {
  return {
    mailbox: applicant.mailbox,
    organisation: applicant.mailbox?.accountKind === 'organisation',
    replyEmail: applicant.replyEmail,
  };
}
