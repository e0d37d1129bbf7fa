import { BlockList, isIPv4, isIPv6 } from 'node:net';

/**
 * Which IP addresses an outbound request may never reach (unless the installation allow-lists
 * them): everything that is not a globally routable unicast address. Addresses that carry an IPv4
 * address inside an IPv6 one (mapped, translated, NAT64, 6to4) are judged by the IPv4 address they
 * lead to, so "::ffff:127.0.0.1" is as internal as "127.0.0.1".
 */
export type AddressClass =
  | 'public' | 'unspecified' | 'loopback' | 'private' | 'shared' | 'link-local' | 'multicast' | 'reserved' | 'documentation';

const V4_RANGES: Array<[string, number, AddressClass]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'], // carrier-grade NAT
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'], // includes the cloud metadata service 169.254.169.254
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'], // IETF protocol assignments (incl. 192.0.0.192 metadata on some clouds)
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'], // former 6to4 relay anycast
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'], // benchmarking
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'], // includes broadcast 255.255.255.255
];

const V6_RANGES: Array<[string, number, AddressClass]> = [
  ['64:ff9b:1::', 48, 'private'], // local-use NAT64 (RFC 8215)
  ['100::', 64, 'reserved'], // discard-only
  ['2001::', 32, 'reserved'], // Teredo: the IPv4 inside is obfuscated, so never trusted
  ['2001:10::', 28, 'reserved'], // ORCHID
  ['2001:20::', 28, 'reserved'], // ORCHIDv2
  ['2001:db8::', 32, 'documentation'],
  ['3fff::', 20, 'documentation'],
  ['5f00::', 16, 'reserved'], // SRv6 SIDs
  ['fc00::', 7, 'private'], // unique local, includes the AWS metadata address fd00:ec2::254
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'], // deprecated site-local
  ['ff00::', 8, 'multicast'],
];

function blockListOf(ranges: Array<[string, number, AddressClass]>, family: 'ipv4' | 'ipv6') {
  return ranges.map(([net, prefix, kind]) => {
    const list = new BlockList();
    list.addSubnet(net, prefix, family);
    return { list, kind };
  });
}
const V4_LISTS = blockListOf(V4_RANGES, 'ipv4');
const V6_LISTS = blockListOf(V6_RANGES, 'ipv6');
const GLOBAL_UNICAST_V6 = new BlockList();
GLOBAL_UNICAST_V6.addSubnet('2000::', 3, 'ipv6');

/** The 16 bytes of a valid IPv6 address (zone id removed), with a trailing dotted quad allowed. */
export function ipv6Bytes(address: string): number[] {
  const plain = address.replace(/%.*$/, '');
  const [head, tail] = plain.includes('::') ? plain.split('::') as [string, string] : [plain, null];
  const groups = (part: string) => (part === '' ? [] : part.split(':')).flatMap((g) => {
    if (g.includes('.')) {
      const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
      return [(a << 8) | b, (c << 8) | d];
    }
    return [parseInt(g, 16)];
  });
  const left = groups(head);
  const right = tail === null ? [] : groups(tail);
  const words = [...left, ...new Array(8 - left.length - right.length).fill(0), ...right];
  return words.flatMap((w) => [w >> 8, w & 0xff]);
}

const dotted = (b: number[]) => b.join('.');

/** The IPv4 address an IPv6 address leads to (mapped, SIIT-translated, NAT64, 6to4), if any. */
export function embeddedIPv4(address: string): string | null {
  const b = ipv6Bytes(address);
  const zero = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  if (zero(0, 10) && b[10] === 0xff && b[11] === 0xff) return dotted(b.slice(12)); // ::ffff:a.b.c.d
  if (zero(0, 8) && b[8] === 0xff && b[9] === 0xff && zero(10, 12)) return dotted(b.slice(12)); // ::ffff:0:a.b.c.d
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b && zero(4, 12)) return dotted(b.slice(12)); // 64:ff9b::/96
  if (b[0] === 0x20 && b[1] === 0x02) return dotted(b.slice(2, 6)); // 2002::/16 (6to4)
  return null;
}

function classifyV4(address: string): AddressClass {
  return V4_LISTS.find(({ list }) => list.check(address, 'ipv4'))?.kind ?? 'public';
}

function classifyV6(address: string): AddressClass {
  const plain = address.replace(/%.*$/, '');
  const b = ipv6Bytes(plain);
  if (b.every((x) => x === 0)) return 'unspecified';
  if (b.slice(0, 15).every((x) => x === 0) && b[15] === 1) return 'loopback';
  const inner = embeddedIPv4(plain);
  if (inner) return classifyV4(inner);
  if (b.slice(0, 12).every((x) => x === 0)) return 'reserved'; // deprecated IPv4-compatible ::a.b.c.d
  const listed = V6_LISTS.find(({ list }) => list.check(plain, 'ipv6'))?.kind;
  if (listed) return listed;
  return GLOBAL_UNICAST_V6.check(plain, 'ipv6') ? 'public' : 'reserved';
}

/** The class of an IP address; anything that is not an IP address at all counts as reserved. */
export function classifyAddress(address: string): AddressClass {
  const plain = address.replace(/^\[|\]$/g, '');
  if (isIPv4(plain)) return classifyV4(plain);
  if (isIPv6(plain.replace(/%.*$/, ''))) return classifyV6(plain);
  return 'reserved';
}

/** The address an allow-list entry is compared with: IPv4-mapped IPv6 counts as its IPv4. */
export function canonicalAddress(address: string): { address: string; family: 'ipv4' | 'ipv6' } {
  const plain = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (isIPv4(plain)) return { address: plain, family: 'ipv4' };
  const b = ipv6Bytes(plain);
  if (b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return { address: dotted(b.slice(12)), family: 'ipv4' };
  return { address: plain, family: 'ipv6' };
}
