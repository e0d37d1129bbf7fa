import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stand-in does with one request. */
export type ProcessorBehaviour =
  | { kind: 'answer'; status?: number; body: unknown }
  | { kind: 'hang' }
  | { kind: 'garbage' }
  | { kind: 'huge' };

export interface ReceivedProcessorRequest {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  json: { runId: string; case: { id: string; caseNumber: string; formData: unknown[]; attachments: Array<{ id: string; href: string; filename: string }> } };
}

/**
 * A real HTTP server standing in for an external processor (a vendor's checking service): it
 * records every request with its Standard Webhooks headers and answers as told (results, a hang,
 * garbage, or an answer far beyond Amtsdesk's limit).
 */
export async function startProcessorStandin(initial: ProcessorBehaviour) {
  let behaviour = initial;
  const requests: ReceivedProcessorRequest[] = [];
  const held: ServerResponse[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({
        id: String(req.headers['webhook-id'] ?? ''), timestamp: String(req.headers['webhook-timestamp'] ?? ''),
        signature: String(req.headers['webhook-signature'] ?? ''), body, json: JSON.parse(body),
      });
      const b = behaviour;
      if (b.kind === 'hang') {
        held.push(res);
      } else if (b.kind === 'garbage') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"checks": "alles gut"');
      } else if (b.kind === 'huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const filler = JSON.stringify({ passed: true, severity: 'info', message: 'x'.repeat(400) });
        res.write('{"checks":[');
        for (let i = 0; i < 2000; i++) res.write(`${i ? ',' : ''}${filler}`);
        res.end(']}');
      } else {
        res.writeHead(b.status ?? 200, { 'content-type': 'application/json' }).end(JSON.stringify(b.body));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/pruefen`,
    requests,
    set(next: ProcessorBehaviour) {
      behaviour = next;
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
