import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IncomingReply, StatusUpdate } from '../src/mailbox/adapters/types.js';

/** A message as the stand-in received it. */
export interface ReceivedMailboxMessage {
  idempotencyKey: string;
  authorization: string;
  body: {
    reference: string; mailboxId: string; subject: string; content: string; replyBy: string | null; kind: string;
    attachments: Array<{ fileName: string; mimeType: string; content: string }>;
  };
}

export interface StandInOptions {
  token?: string;
  /** Hold the n-th POST (0-based) open after applying it, without answering. */
  hold?: (n: number) => boolean;
  /** Status for the n-th POST (and its message); default 201. */
  status?: (n: number, message: ReceivedMailboxMessage) => number;
}

/**
 * A small real HTTP server standing in for an external mailbox service (the shape of the state
 * user accounts' mailbox APIs): it accepts messages once per Idempotency-Key (a redelivery is
 * acknowledged with the same id and changes nothing), can be "down" (connections are reset), and
 * serves queued replies and delivery states to pollers.
 */
export async function startMailboxStandIn(options: StandInOptions = {}) {
  const requests: ReceivedMailboxMessage[] = [];
  const accepted = new Map<string, { id: string; message: ReceivedMailboxMessage }>();
  /** How often each of our messages (by reference) was put into a mailbox. */
  const deliveries = new Map<string, number>();
  const replies: IncomingReply[] = [];
  const statuses: StatusUpdate[] = [];
  const held: ServerResponse[] = [];
  let down = false;
  let posts = 0;
  let waiters: Array<() => void> = [];
  const server = createServer((req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://standin');
      if (options.token && req.headers.authorization !== `Bearer ${options.token}`) {
        res.writeHead(401).end();
        return;
      }
      if (req.method === 'GET' && url.pathname.endsWith('/updates')) {
        const since = Number(url.searchParams.get('since') ?? 0);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          replies: replies.slice(since), statuses: since === 0 ? statuses.splice(0) : [], cursor: String(replies.length),
        }));
        return;
      }
      if (req.method !== 'POST' || !url.pathname.endsWith('/messages')) {
        res.writeHead(404).end();
        return;
      }
      const n = posts++;
      const message: ReceivedMailboxMessage = {
        idempotencyKey: String(req.headers['idempotency-key'] ?? ''),
        authorization: String(req.headers.authorization ?? ''),
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ReceivedMailboxMessage['body'],
      };
      requests.push(message);
      const status = options.status?.(n, message) ?? 201;
      let entry = accepted.get(message.idempotencyKey);
      if (status < 300 && !entry) {
        entry = { id: `ext-${accepted.size + 1}`, message };
        accepted.set(message.idempotencyKey, entry);
        deliveries.set(message.body.reference, (deliveries.get(message.body.reference) ?? 0) + 1);
      }
      for (const w of waiters) w();
      if (options.hold?.(n)) {
        held.push(res);
        return;
      }
      if (status >= 300) res.writeHead(status).end();
      else res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: entry!.id, status: 'delivered' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  return {
    baseUrl,
    requests,
    accepted,
    deliveries,
    replies,
    statuses,
    setDown(value: boolean) {
      down = value;
    },
    /** The external id the stand-in gave our message. */
    externalIdOf(reference: string) {
      return [...accepted.values()].find((e) => e.message.body.reference === reference)?.id;
    },
    waitForPosts(n: number, timeoutMs = 30_000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`stand-in got ${requests.length} of ${n} messages`)), timeoutMs);
        const check = () => {
          if (requests.length >= n) {
            clearTimeout(timer);
            waiters = waiters.filter((w) => w !== check);
            resolve();
          }
        };
        waiters.push(check);
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
