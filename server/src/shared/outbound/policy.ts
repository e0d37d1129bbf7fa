import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { LookupAddress } from 'node:dns';
import { canonicalAddress } from './addresses.js';

/** Resolves a host name to all its addresses (node:dns lookup by default; tests may inject one). */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export type AllowEntry =
  | { kind: 'name'; name: string; wildcard: boolean; port: number | null; source: string }
  | { kind: 'net'; list: BlockList; port: number | null; source: string };

/**
 * What outbound requests to configured URLs may reach. Production default: nothing internal and
 * no plain http. `allow` is the installation's explicit exception list (AMTSDESK_OUTBOUND_ALLOW).
 */
export interface OutboundPolicy {
  allow: AllowEntry[];
  /** Injected in tests that must control name resolution; node:dns lookup otherwise. */
  resolve?: Resolver;
}

function parsePort(text: string | undefined, entry: string): number | null {
  if (text === undefined || text === '') return null;
  const port = Number(text);
  if (!/^\d{1,5}$/.test(text) || port < 1 || port > 65535) throw new Error(`AMTSDESK_OUTBOUND_ALLOW: ungültiger Port in „${entry}“`);
  return port;
}

function netEntry(address: string, prefix: string | undefined, port: number | null, source: string): AllowEntry {
  const family = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : null;
  if (!family) throw new Error(`AMTSDESK_OUTBOUND_ALLOW: „${source}“ ist keine IP-Adresse`);
  const max = family === 'ipv4' ? 32 : 128;
  const bits = prefix === undefined ? max : Number(prefix);
  if (!/^\d{1,3}$/.test(prefix ?? '0') || bits > max) throw new Error(`AMTSDESK_OUTBOUND_ALLOW: ungültige Präfixlänge in „${source}“`);
  const list = new BlockList();
  list.addSubnet(address, bits, family);
  return { kind: 'net', list, port, source };
}

const NAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** One entry: a name ("generator.intern", "*.kreis.example"), an IP or CIDR, each optionally with ":port". IPv6 in brackets when a port follows. */
export function parseAllowEntry(raw: string): AllowEntry {
  const entry = raw.trim().toLowerCase();
  const bracketed = /^\[([0-9a-f:.]+)(?:\/(\d+))?\](?::(\d+))?$/.exec(entry);
  if (bracketed) return netEntry(bracketed[1]!, bracketed[2], parsePort(bracketed[3], raw), raw);
  if ((entry.match(/:/g) ?? []).length > 1) {
    const [address, prefix] = entry.split('/');
    return netEntry(address!, prefix, null, raw);
  }
  const [hostPart, portPart] = entry.split(':');
  const port = parsePort(portPart, raw);
  const [host, prefix] = hostPart!.split('/');
  if (/^[\d.]+$/.test(host!)) return netEntry(host!, prefix, port, raw);
  if (prefix !== undefined || !NAME.test(host!)) throw new Error(`AMTSDESK_OUTBOUND_ALLOW: „${raw}“ ist kein Hostname, keine IP-Adresse und kein Netz`);
  const wildcard = host!.startsWith('*.');
  return { kind: 'name', name: wildcard ? host!.slice(2) : host!, wildcard, port, source: raw };
}

/** Parses AMTSDESK_OUTBOUND_ALLOW (comma- or space-separated). Empty: nothing internal is reachable. */
export function parseOutboundPolicy(value: string | undefined): OutboundPolicy {
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
  return { allow: entries.map(parseAllowEntry) };
}

const portMatches = (entry: AllowEntry, port: number) => entry.port === null || entry.port === port;

function nameMatches(entry: Extract<AllowEntry, { kind: 'name' }>, host: string): boolean {
  return host === entry.name || (entry.wildcard && host.endsWith(`.${entry.name}`));
}

function netContains(entry: Extract<AllowEntry, { kind: 'net' }>, address: string): boolean {
  const { address: a, family } = canonicalAddress(address);
  return entry.list.check(a, family);
}

/** The URL's host itself is on the allow-list (by name, or as a literal address inside a listed net). */
export function hostIsAllowListed(policy: OutboundPolicy, host: string, port: number, literal: boolean): boolean {
  return policy.allow.some((entry) => portMatches(entry, port)
    && (entry.kind === 'name' ? !literal && nameMatches(entry, host) : literal && netContains(entry, host)));
}

/** A resolved address lies inside a listed net (for this port). */
export function addressIsAllowListed(policy: OutboundPolicy, address: string, port: number): boolean {
  return policy.allow.some((entry) => entry.kind === 'net' && portMatches(entry, port) && netContains(entry, address));
}
