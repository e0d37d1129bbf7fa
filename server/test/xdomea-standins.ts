import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signXdomeaBody, xdomeaSignatureMatches } from '../src/xdomea/transport/signature.js';
import { ANSWER_NAMES, answerXml, readMessage, zipMessage, type AnswerObject, type ReadMessage } from './xdomea-xml.js';

/*
 * A real, standalone stand-in for an E-Akte/DMS and a public archive speaking xdomea 3.0
 * (issue #16), for the tests and for integrators (`npm run standin:xdomea`, docs/xdomea.md):
 *   - a directory watcher: takes every new *.zip from the transfer directory (ignores dot-files, moves
 *     what it took to .uebernommen/ as an importer does) and writes its answers to antworten/;
 *   - an HTTP server: POST /xdomea with the ZIP (X-Xdomea-Signature checked, one import per file
 *     name, 409 for a repeat), answers pushed to our signed endpoint or kept for polling under
 *     GET /xdomea/answers, GET/DELETE /xdomea/answers/<file>.
 * As DMS it answers 0401 with 0403 and 0402; as archive 0501 with 0504 and 0502, 0503 with 0507 and 0506.
 */

export interface XdomeaStandinOptions {
  role: 'dms' | 'archive';
  authorityId: string;
  name: string;
  /** Transfer directory to watch (absolute). */
  directory?: string;
  /** Shared secret of the HTTP side; pushTo: our answer endpoint (else answers wait to be polled). */
  http?: { secret: string; pushTo?: string };
  /** Per Vorgang: import error (0402/0506) or appraisal (0502). Default: imported, archive ('A'). */
  decide?: (vorgangId: string, type: '0402' | '0502' | '0506') => Partial<AnswerObject>;
  /** Answer under another authority id (a wrong sender). */
  answerAs?: string;
  /** Hold the n-th POST (0-based) open after taking it in, without answering. */
  hold?: (n: number) => boolean;
}

export interface XdomeaStandin {
  url: string;
  /** Every delivery attempt per file name (a second one is a duplicate the stand-in refused). */
  deliveries: Map<string, number>;
  /** The packages taken in (first delivery of each file name). */
  received: ReadMessage[];
  /** Answers waiting to be polled (HTTP without pushTo). */
  waiting: Map<string, Buffer>;
  setDown(down: boolean): void;
  /** Resolves when n packages were taken in. */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const ANSWERS_TO: Record<string, Array<'0402' | '0403' | '0502' | '0504' | '0506' | '0507'>> = {
  '0401': ['0403', '0402'], '0501': ['0504', '0502'], '0503': ['0507', '0506'],
};

export async function startXdomeaStandin(options: XdomeaStandinOptions): Promise<XdomeaStandin> {
  const deliveries = new Map<string, number>();
  const received: ReadMessage[] = [];
  const waiting = new Map<string, Buffer>();
  let down = false;
  let posts = 0;
  let archiveNumber = 0;
  let waiters: Array<() => void> = [];

  async function answersFor(message: ReadMessage): Promise<Array<{ fileName: string; zip: Buffer }>> {
    const out: Array<{ fileName: string; zip: Buffer }> = [];
    for (const type of ANSWERS_TO[message.type] ?? []) {
      const objects: AnswerObject[] = type === '0403' || type === '0504' || type === '0507' ? [] : message.vorgangIds.map((id) => {
        const decided = options.decide?.(id, type as '0402' | '0502' | '0506') ?? {};
        if (type === '0506') return { id, archiveId: `ARCH-${++archiveNumber}`, ...decided };
        return { id, ...decided };
      });
      const base = `${message.processId}_${ANSWER_NAMES[type]}.${type}`;
      const xml = answerXml({
        processId: message.processId, type,
        sender: { authorityId: options.answerAs ?? options.authorityId, name: options.name },
        receiver: { authorityId: message.sender, name: 'Absender' },
      }, objects);
      out.push({ fileName: `${base}.zip`, zip: await zipMessage(base, xml) });
    }
    return out;
  }

  async function take(fileName: string, body: Buffer, via: 'directory' | 'http'): Promise<'new' | 'repeat'> {
    deliveries.set(fileName, (deliveries.get(fileName) ?? 0) + 1);
    if (deliveries.get(fileName)! > 1) return 'repeat';
    const message = readMessage(body);
    received.push(message);
    waiters.forEach((w) => w());
    for (const answer of await answersFor(message)) {
      if (via === 'directory' && options.directory) {
        const inbox = join(options.directory, 'antworten');
        await mkdir(inbox, { recursive: true });
        await writeFile(join(inbox, `.${answer.fileName}.part`), answer.zip);
        await rename(join(inbox, `.${answer.fileName}.part`), join(inbox, answer.fileName));
      } else if (options.http?.pushTo) {
        await fetch(options.http.pushTo, {
          method: 'POST', body: new Uint8Array(answer.zip),
          headers: { 'content-type': 'application/zip', 'x-xdomea-filename': answer.fileName, 'x-xdomea-signature': signXdomeaBody(answer.zip, options.http.secret) },
        });
      } else {
        waiting.set(answer.fileName, answer.zip);
      }
    }
    return 'new';
  }

  // The directory watcher: polls (fs.watch misses events on network shares), like many importers.
  let watching = true;
  const taken = new Set<string>();
  const watcher = options.directory ? (async () => {
    const dir = options.directory!;
    await mkdir(join(dir, '.uebernommen'), { recursive: true });
    while (watching) {
      for (const name of await readdir(dir).catch(() => [] as string[])) {
        if (name.startsWith('.') || !name.endsWith('.zip') || taken.has(name)) continue;
        taken.add(name);
        const body = await readFile(join(dir, name));
        await rename(join(dir, name), join(dir, '.uebernommen', name));
        await take(name, body, 'directory').catch(() => {});
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })() : Promise.resolve();

  const secretOk = (req: IncomingMessage, body: Buffer) => !options.http || xdomeaSignatureMatches(body, options.http.secret, req.headers['x-xdomea-signature'] as string | undefined);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (down) { req.socket.destroy(); return; }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const path = new URL(req.url ?? '/', 'http://standin').pathname;
        if (!secretOk(req, body)) return void res.writeHead(401).end();
        if (req.method === 'GET' && path === '/xdomea/answers') {
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ answers: [...waiting.keys()].map((fileName) => ({ fileName })) }));
        }
        const answer = path.startsWith('/xdomea/answers/') ? decodeURIComponent(path.slice('/xdomea/answers/'.length)) : undefined;
        if (answer && req.method === 'GET') {
          const zip = waiting.get(answer);
          return void (zip ? res.writeHead(200, { 'content-type': 'application/zip' }).end(zip) : res.writeHead(404).end());
        }
        if (answer && req.method === 'DELETE') { waiting.delete(answer); return void res.writeHead(204).end(); }
        if (req.method !== 'POST' || path !== '/xdomea') return void res.writeHead(404).end();
        const n = posts++;
        const fileName = String(req.headers['x-xdomea-filename'] ?? '');
        if (!fileName) return void res.writeHead(400).end();
        let outcome: 'new' | 'repeat';
        try {
          outcome = await take(fileName, body, 'http');
        } catch {
          return void res.writeHead(422).end();
        }
        if (options.hold?.(n)) return; // taken in, never answered (the sender may crash meanwhile)
        res.writeHead(outcome === 'new' ? 201 : 409).end();
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/xdomea`,
    deliveries, received, waiting,
    setDown(value) { down = value; },
    async waitFor(n, timeoutMs = 15_000) {
      const until = Date.now() + timeoutMs;
      while (received.length < n) {
        if (Date.now() > until) throw new Error(`stand-in: ${received.length} of ${n} packages after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => { waiters.push(resolve); setTimeout(resolve, 100); });
        waiters = [];
      }
    },
    async close() {
      watching = false;
      await watcher;
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
