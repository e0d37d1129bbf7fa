import { webcrypto } from 'node:crypto';

/**
 * An independent implementation of the Standard Webhooks verification (spec:
 * https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md),
 * written from the spec with WebCrypto, sharing no code with server/src/webhooks/signature.ts, so a
 * test that checks our signatures with it checks them against the reference algorithm:
 *   signed content = "<webhook-id>.<webhook-timestamp>.<raw body>"
 *   key            = base64-decode(secret without "whsec_")
 *   signature      = "v1," + base64(HMAC-SHA256(key, signed content)); the header may list several, space-separated
 * Refuses timestamps more than `toleranceSeconds` away from now (replays).
 */
export async function verifyStandardWebhook(
  secret: string, headers: { id: string; timestamp: string; signature: string }, body: string,
  options: { toleranceSeconds?: number; nowSeconds?: number } = {},
): Promise<boolean> {
  const tolerance = options.toleranceSeconds ?? 300;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  const ts = Number(headers.timestamp);
  if (!/^\d+$/.test(headers.timestamp) || Math.abs(now - ts) > tolerance) return false;
  const base64 = secret.replace(/^whsec_/, '');
  const keyBytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const key = await webcrypto.subtle.importKey('raw', keyBytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const content = new TextEncoder().encode(`${headers.id}.${headers.timestamp}.${body}`);
  for (const candidate of headers.signature.split(' ')) {
    const [version, value] = candidate.split(',', 2);
    if (version !== 'v1' || !value) continue;
    let mac: Uint8Array;
    try {
      mac = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
    } catch {
      continue;
    }
    if (await webcrypto.subtle.verify('HMAC', key, mac, content)) return true;
  }
  return false;
}
