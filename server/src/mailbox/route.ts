import type { Trx } from '../db/database.js';
import type { Applicant } from '../db/schema.js';
import { AppError } from '../shared/errors.js';
import { postfachRouteFor, type PostfachChannel } from './postfach/index.js';
import { mailboxSettings } from './repository.js';

/**
 * The ways a message can reach the applicant, best first:
 *   a Postfach of the applicant's user account (BundID, OSI, BayernID, Mein Unternehmenskonto),
 *   the tenant's generic external mailbox service ('external'),
 *   e-mail with a portal link ('portal': the message stays in the citizen portal, the e-mail only
 *   says that something is waiting),
 *   the printed letter ('letter': a PDF the authority prints and posts).
 */
export type RouteChannel = PostfachChannel | 'external' | 'portal' | 'letter';

export const ROUTE_LABELS: Record<'external' | 'portal' | 'letter', string> = {
  external: 'Externer Postfachdienst der Kommune',
  portal: 'E-Mail mit Link zum Bürgerportal',
  letter: 'Brief per Post',
};

/** What the caseworker sees before sending, and what sendMessage acts on: one place decides. */
export interface MessageRoute {
  /** The chosen way; null: none at all (no electronic way and no postal address). */
  channel: RouteChannel | null;
  label: string;
  /** Why this way, in words (German). */
  reason: string;
  /** Applicant data that would open a better way (German names). */
  missing: string[];
  /** A printed letter can be made (the applicant's postal address is complete). */
  letterPossible: boolean;
}

const MISSING_POSTFACH = 'Postfach eines Nutzerkontos (BundID, BayernID, OSI oder Unternehmenskonto)';
const MISSING_EMAIL = 'E-Mail-Adresse';
const MISSING_ADDRESS = 'Postanschrift (Straße, Postleitzahl, Ort)';

/** A usable e-mail address, or null (a form field with "-" or a name in it does not count). */
export function usableEmail(applicant: Applicant): string | null {
  const email = applicant.email?.trim();
  return email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) ? email : null;
}

/** The address lines of a letter, or null when street, postal code or city is missing. */
export function postalAddressLines(applicant: Applicant): string[] | null {
  const a = applicant.address;
  const street = [a?.street, a?.houseNumber].map((v) => v?.trim()).filter(Boolean).join(' ');
  const place = [a?.postalCode, a?.city].map((v) => v?.trim()).filter(Boolean).join(' ');
  if (!street || !a?.postalCode?.trim() || !a?.city?.trim()) return null;
  const country = a.country?.trim();
  const abroad = country && !/^(de|deu|deutschland|germany)$/i.test(country);
  return abroad ? [street, place, country.toUpperCase()] : [street, place];
}

/**
 * Decides the way for a message to this applicant, best first (see RouteChannel). The reason
 * names what was tried and why it did not apply, so the caseworker can fix the data or the setup.
 */
export async function resolveRoute(trx: Trx, tenantId: string, applicant: Applicant): Promise<MessageRoute> {
  const email = usableEmail(applicant);
  const address = postalAddressLines(applicant);
  const mailboxId = applicant.mailbox?.identifier?.trim() || null;
  const missing = [...(mailboxId ? [] : [MISSING_POSTFACH])];
  const letterPossible = address !== null;

  const postfach = await postfachRouteFor(trx, tenantId, applicant.mailbox);
  if (postfach.channel) return { channel: postfach.channel, label: postfach.label, reason: postfach.reason, missing: [], letterPossible };

  const reasons = [postfach.reason];
  const settings = await mailboxSettings(trx, tenantId);
  if (mailboxId && settings?.external_base_url) {
    reasons.push(`Die Nachricht geht deshalb mit ihren Anlagen an den externen Postfachdienst Ihrer Kommune (Postfach „${mailboxId}“).`);
    return { channel: 'external', label: ROUTE_LABELS.external, reason: reasons.join(' '), missing, letterPossible };
  }
  if (mailboxId) reasons.push('Einen externen Postfachdienst hat Ihre Kommune nicht eingerichtet.');

  if (email) {
    reasons.push(`Die Nachricht geht deshalb über das Bürgerportal; die E-Mail an ${email} sagt nur, dass etwas wartet, und enthält einen Anmeldelink.`);
    return { channel: 'portal', label: ROUTE_LABELS.portal, reason: reasons.join(' '), missing, letterPossible };
  }
  missing.push(MISSING_EMAIL);
  reasons.push('Eine E-Mail-Adresse ist nicht bekannt.');

  if (address) {
    reasons.push(`Elektronisch ist die Person nicht erreichbar; die Nachricht kann nur als Brief an ${address.join(', ')} gehen. Sie drucken ihn aus, versenden ihn und bestätigen dann das Versanddatum.`);
    return { channel: 'letter', label: ROUTE_LABELS.letter, reason: reasons.join(' '), missing, letterPossible };
  }
  missing.push(MISSING_ADDRESS);
  reasons.push('Auch eine vollständige Postanschrift fehlt; die Nachricht kann auf keinem Weg zugestellt werden.');
  return { channel: null, label: 'Kein Zustellweg', reason: reasons.join(' '), missing, letterPossible };
}

/**
 * The channel a message is stored with. A letter is made only when asked for (deliverAs
 * 'letter'): paper needs someone to print and post it, so it never happens silently, and a
 * client that did not ask gets the missing data and the hint that a letter is possible.
 */
export function channelToUse(route: MessageRoute, deliverAs: 'letter' | undefined): RouteChannel {
  if (deliverAs === 'letter') {
    if (route.letterPossible) return 'letter';
    throw new AppError('letter_without_address', {
      field: 'applicant.address',
      detail: `Für einen Brief fehlt die ${MISSING_ADDRESS} der antragstellenden Person. Bitte ergänzen Sie die Angaben zur antragstellenden Person.`,
      extra: { missing: [MISSING_ADDRESS] },
    });
  }
  if (route.channel && route.channel !== 'letter') return route.channel;
  const letter = route.letterPossible
    ? ' Sie können die Nachricht stattdessen als Brief erstellen und per Post versenden.'
    : ' Für einen Brief fehlt auch die Postanschrift; bitte ergänzen Sie die Angaben zur antragstellenden Person.';
  throw new AppError('no_electronic_route', {
    field: 'applicant',
    detail: `Die antragstellende Person ist elektronisch nicht erreichbar. Es fehlt: ${route.missing.join('; ')}.${letter}`,
    extra: { missing: route.missing, letterPossible: route.letterPossible },
  });
}
