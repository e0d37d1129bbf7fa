import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks (https://www.standardwebhooks.com): the secret is "whsec_" + base64 of random
 * bytes; the signature is "v1," + base64(HMAC-SHA256(key = base64-decoded secret,
 * message = "<webhook-id>.<webhook-timestamp>.<body>")). Receivers check it with any Standard
 * Webhooks library (npm `standardwebhooks`, Python `standardwebhooks`, …) or a few lines of code
 * (docs/examples/webhook-consumer.mjs), and refuse timestamps older than a few minutes (replays).
 */
export const SECRET_PREFIX = 'whsec_';

/** 32 random bytes, as Standard Webhooks libraries expect them (24–64 bytes). */
export function newWebhookSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: string): SignedHeaders {
  const key = Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');
  const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
  return { 'webhook-id': id, 'webhook-timestamp': String(timestampSeconds), 'webhook-signature': `v1,${mac}` };
}
