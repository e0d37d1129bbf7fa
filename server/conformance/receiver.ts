// A webhook receiver for the conformance run: checks every delivery with the Standard Webhooks
// reference algorithm (https://www.standardwebhooks.com) and keeps what arrived, in arrival order.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery { id: string; timestamp: number; signatureValid: boolean; event: any }

/** base64(HMAC-SHA256(base64-decoded secret without "whsec_", "<id>.<timestamp>.<body>")), any "v1," entry matches. */
export function verifyStandardWebhook(secret: string, id: string, timestamp: string, body: string, signatureHeader: string): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatureHeader.split(' ').some((entry) => {
    const [version, mac] = entry.split(',');
    if (version !== 'v1' || !mac) return false;
    const given = Buffer.from(mac, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  /** While true the receiver answers 503: the consumer is "down". */
  down = false;
  private server: Server | null = null;
  constructor(private readonly secret: string) {}

  async start(port: number, host = '127.0.0.1'): Promise<number> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        if (this.down) return res.writeHead(503).end();
        const body = Buffer.concat(chunks).toString('utf8');
        const id = String(req.headers['webhook-id'] ?? '');
        const timestamp = String(req.headers['webhook-timestamp'] ?? '');
        const signatureValid = verifyStandardWebhook(this.secret, id, timestamp, body, String(req.headers['webhook-signature'] ?? ''));
        let event: unknown = null;
        try {
          event = JSON.parse(body);
        } catch {
          /* recorded as null: the suite reports it */
        }
        this.deliveries.push({ id, timestamp: Number(timestamp), signatureValid, event });
        res.writeHead(signatureValid ? 204 : 400).end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    return (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
