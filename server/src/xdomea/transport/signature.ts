import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 over the exact bytes, with the target's shared secret: `sha256=<hex>`. */
export const SIGNATURE_HEADER = 'x-xdomea-signature';

export function signXdomeaBody(body: Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function xdomeaSignatureMatches(body: Buffer, secret: string, given: string | undefined): boolean {
  if (!given) return false;
  const expected = Buffer.from(signXdomeaBody(body, secret));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
