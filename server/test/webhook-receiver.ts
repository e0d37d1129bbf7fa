import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  idempotencyKey: string;
  event: string;
  signature: string;
  body: string;
}

export interface ReceiverOptions {
  /** Status to answer the n-th request (0-based) with; default 200. */
  status?: (n: number) => number;
  /** Hold the n-th request open without answering (a slow receiver); default never. */
  hold?: (n: number) => boolean;
}

/**
 * A webhook receiver as the contract asks integrators to build one: it processes each
 * Idempotency-Key once (a redelivery is acknowledged but changes nothing). It records every request
 * and how often each event's effect was applied: more than once means the sender changed the key.
 */
function effectOf(body: string): string {
  try {
    return JSON.stringify((JSON.parse(body) as { data?: unknown }).data);
  } catch {
    return body;
  }
}

export async function startWebhookReceiver(options: ReceiverOptions = {}) {
  const requests: ReceivedWebhook[] = [];
  /** How often each event's effect was applied (by the event's data, independent of the key). */
  const effects = new Map<string, number>();
  const processedKeys = new Set<string>();
  const held: ServerResponse[] = [];
  let onRequest: (() => void) | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const n = requests.length;
      const key = String(req.headers['idempotency-key'] ?? '');
      requests.push({ idempotencyKey: key, event: String(req.headers['x-amtsdesk-event'] ?? ''), signature: String(req.headers['x-amtsdesk-signature'] ?? ''), body: Buffer.concat(chunks).toString('utf8') });
      const status = options.status?.(n) ?? 200;
      // The effect (keyed by the event's data) is applied before answering, as a real receiver
      // would commit it, and only for an Idempotency-Key it has not processed yet.
      if (status >= 200 && status < 300 && !processedKeys.has(key)) {
        processedKeys.add(key);
        const effect = effectOf(Buffer.concat(chunks).toString('utf8'));
        effects.set(effect, (effects.get(effect) ?? 0) + 1);
      }
      onRequest?.();
      if (options.hold?.(n)) held.push(res);
      else res.writeHead(status, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return {
    url,
    requests,
    effects,
    processedKeys,
    /** Resolves once the receiver has got at least n requests. */
    waitForRequests(n: number, timeoutMs = 20_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver got ${requests.length} of ${n} requests`)), timeoutMs);
        const check = () => {
          if (requests.length >= n) {
            clearTimeout(timer);
            onRequest = undefined;
            resolve();
          }
        };
        onRequest = check;
        check();
      });
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
