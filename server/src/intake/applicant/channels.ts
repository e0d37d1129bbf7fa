import type { Entry } from '../intelliform/deposit-collector.js';
import type { FitMetadata } from '../fit-connect/metadata.js';
import { isOrganisationAccount, mailboxFrom, type ChannelIdentity } from './identity.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/**
 * OZG-Cloud `control.serviceKonto`: { type: OSI | BAYERN_ID | BUND_ID | unternehmen …, trustLevel:
 * STORK-QAA-Level-1…4, postfachAddress: { identifier, type } } — or, as newer senders write it,
 * `postfachAddresses: [{ identifier, type }]` (the first one with an identifier counts).
 */
export function ozgIdentity(serviceKonto: unknown): ChannelIdentity {
  const k = record(serviceKonto);
  const addresses = [k.postfachAddress, ...(Array.isArray(k.postfachAddresses) ? k.postfachAddresses : [])].map(record);
  const address = addresses.find((a) => text(a.identifier)) ?? {};
  const accountType = text(k.type);
  const rawType = text(address.type) ?? (typeof address.type === 'number' ? String(address.type) : undefined);
  const mailbox = mailboxFrom({ identifier: text(address.identifier), rawType, accountType, trustLevel: text(k.trustLevel) });
  return { mailbox, organisation: isOrganisationAccount(accountType, rawType) };
}

/**
 * intelliForm: the user's account attributes travel as key/value entries on the primary data
 * attachment (or in customParameters), as the form server's BayernID connector writes them:
 * `bayernid.postkorbhandle` (or postkorbHandle, postfach…), `bayernid.accountType` / `accountType`
 * (BAYERN_ID, BAYERN_ID_UNTERNEHMEN, ORGANISATION …), `loginLevel` / `bayernid.trustLevel`
 * (STORK-QAA-Level-n or an eIDAS word). Keys compared without regard to case.
 */
export function intelliformIdentity(entries: Entry[]): ChannelIdentity {
  const find = (pattern: RegExp) => entries.find((e) => pattern.test(e.key) && e.value.trim())?.value.trim();
  const accountType = find(/(accounttype|kontotyp|kontoart|servicekonto|authmethod|idp)$/i);
  const rawType = find(/(postkorbtyp|postfachtyp|mailboxtype)$/i);
  const mailbox = mailboxFrom({
    identifier: find(/(postkorbhandle|postkorb|postfachhandle|postfach|postfachreferenz)$/i),
    rawType: rawType ?? 'POSTKORB',
    accountType,
    trustLevel: find(/(loginlevel|login_level|trustlevel|vertrauensniveau|authlevel|stork)$/i),
  });
  return { mailbox, organisation: isOrganisationAccount(accountType, rawType) };
}

/**
 * FIT-Connect metadata: `replyChannel.fink` names the Postfach in an interoperable Servicekonto
 * (FINK.PFISK; the host, else the reference's own path, tells which: id.bund.de → BundID, sh/osi/… →
 * OSI), `replyChannel.eMail` a reply address.
 * The trust level comes from `authenticationInformation`: an identificationReport that is a
 * compact JWS whose payload states a level (claim trustLevel, levelOfAssurance, loa or acr).
 */
export function fitConnectIdentity(metadata: Pick<FitMetadata, 'replyChannel' | 'authenticationInformation'>): ChannelIdentity {
  const fink = metadata.replyChannel?.fink;
  const trustLevel = trustLevelOfReports(metadata.authenticationInformation ?? []);
  const mailbox = fink ? mailboxFrom({ identifier: fink.finkPostfachRef, rawType: 'FINK', accountType: fink.host, host: fink.host, hint: fink.finkPostfachRef, trustLevel }) : undefined;
  return { mailbox, replyEmail: text(metadata.replyChannel?.eMail?.address)?.slice(0, 254) };
}

function trustLevelOfReports(reports: Array<{ type: string; content: string }>): string | undefined {
  for (const report of reports) {
    if (report.type !== 'identificationReport') continue;
    const payload = report.content.split('.')[1];
    if (!payload || report.content.length > 64_000) continue;
    try {
      const claims = record(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
      const level = text(claims.trustLevel) ?? text(claims.levelOfAssurance) ?? text(claims.loa) ?? text(claims.acr);
      if (level) return level.slice(0, 100);
    } catch {
      // not a JWS with JSON claims: no level from it
    }
  }
  return undefined;
}
