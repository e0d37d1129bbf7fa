import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  event: { id: string; type: string; version: number; sequence: number; caseId: string; data: Record<string, unknown> };
}

/**
 * A vendor's webhook endpoint for the event catalogue (a real HTTP server): records every request
 * with its Standard Webhooks headers. `setDown(true)` answers 503 (the receiver is down);
 * `hold(n)` keeps the n-th request open without an answer (a receiver that applied the event when
 * the sender crashed).
 */
export async function startEventConsumer(options: { hold?: (n: number) => boolean } = {}) {
  const requests: ReceivedEvent[] = [];
  const held: ServerResponse[] = [];
  let down = false;
  let waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (down) {
        res.writeHead(503).end();
        return;
      }
      const body = Buffer.concat(chunks).toString('utf8');
      const n = requests.length;
      requests.push({
        id: String(req.headers['webhook-id'] ?? ''), timestamp: String(req.headers['webhook-timestamp'] ?? ''),
        signature: String(req.headers['webhook-signature'] ?? ''), body, event: JSON.parse(body) as ReceivedEvent['event'],
      });
      for (const w of waiters) w();
      waiters = [];
      if (options.hold?.(n)) held.push(res);
      else res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
  return {
    url,
    requests,
    setDown(value: boolean) {
      down = value;
    },
    async waitFor(count: number, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${requests.length} of ${count} requests arrived`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
