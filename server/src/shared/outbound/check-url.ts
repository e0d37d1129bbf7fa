import { isIP } from 'node:net';
import { AppError } from '../errors.js';
import { classifyAddress } from './addresses.js';
import { hostIsAllowListed, type OutboundPolicy } from './policy.js';

export type UrlRefusal = 'invalid' | 'scheme' | 'credentials' | 'internal' | 'insecure';

export interface CheckedUrl {
  url: URL;
  /** The host as compared: lower case, no brackets, no trailing dot. */
  host: string;
  port: number;
  /** The installation allow-lists this host, so whatever it resolves to may be reached. */
  allowListed: boolean;
}

/**
 * The check of a configured URL without resolving it (at save time, and again before every
 * connection). Node's WHATWG parser already turns every IPv4 spelling (2130706433, 0x7f000001,
 * 0177.0.0.1, 127.1) into a dotted quad and IPv6 into its canonical form, so literals are judged
 * by what they really are. Names are judged after resolution, at connect time (see client.ts).
 */
export function checkOutboundUrl(raw: string | URL, policy: OutboundPolicy): { ok: true; checked: CheckedUrl } | { ok: false; reason: UrlRefusal } {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: 'scheme' };
  if (url.username || url.password) return { ok: false, reason: 'credentials' };
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  if (!host) return { ok: false, reason: 'invalid' };
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  const literal = isIP(host) !== 0;
  const allowListed = hostIsAllowListed(policy, host, port, literal);
  if (!allowListed) {
    if (literal && classifyAddress(host) !== 'public') return { ok: false, reason: 'internal' };
    // RFC 6761: these names always mean this machine, whatever a resolver says.
    if (host === 'localhost' || host.endsWith('.localhost')) return { ok: false, reason: 'internal' };
    // Plain http only to allow-listed hosts: secrets and personal data travel in these requests.
    if (url.protocol === 'http:') return { ok: false, reason: 'insecure' };
  }
  return { ok: true, checked: { url, host, port, allowListed } };
}

/** How a configuring route names the URL field in its German messages. */
export interface UrlField {
  field: string;
  /** E.g. "Die Adresse des Dokumentengenerators". */
  label: string;
}

const MESSAGES: Record<UrlRefusal, (f: UrlField) => string> = {
  invalid: (f) => `${f.label} („${f.field}“) ist keine gültige URL.`,
  scheme: (f) => `${f.label} („${f.field}“) muss mit https:// beginnen.`,
  credentials: (f) => `${f.label} („${f.field}“) darf keine Zugangsdaten enthalten. Hinterlegen Sie Zugangsdaten in den dafür vorgesehenen Feldern.`,
  internal: (f) => `${f.label} („${f.field}“) zeigt auf ein internes, lokales oder reserviertes Netz. Solche Ziele sind nur erlaubt, wenn der Betrieb sie ausdrücklich freigegeben hat.`,
  insecure: (f) => `${f.label} („${f.field}“) muss https:// verwenden; http:// ist nur für vom Betrieb freigegebene Ziele erlaubt.`,
};

/**
 * The save-time check of a configuring route: returns the normalised URL or throws a German
 * problem naming the field (400 for a malformed URL, 422 for a target that is not allowed).
 */
export function assertOutboundUrl(raw: string, policy: OutboundPolicy, field: UrlField): string {
  const result = checkOutboundUrl(raw.trim(), policy);
  if (result.ok) return result.checked.url.toString();
  const code = result.reason === 'internal' || result.reason === 'insecure' ? 'url_not_allowed' : 'validation_failed';
  throw new AppError(code, { field: field.field, detail: MESSAGES[result.reason](field), internal: `outbound url refused: ${result.reason}` });
}
