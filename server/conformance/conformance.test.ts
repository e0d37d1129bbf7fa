import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runConformance, type CheckResult, type ConformanceOptions } from './suite.js';

const BIN = fileURLToPath(new URL('../bin/amtsdesk.mjs', import.meta.url));

/** `amtsdesk start` as a real process (as in cli/start.test.ts), loopback webhooks allowed by the operator. */
function startAmtsdesk(dataDir: string): Promise<{ child: ChildProcess; url: string; exited: Promise<number | null> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', AMTSDESK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', AMTSDESK_DEMO_CASES: '3', AMTSDESK_OUTBOUND_ALLOW: '127.0.0.1' };
  delete env.AMTSDESK_PUBLIC_URL;
  delete env.AMTSDESK_DEMO;
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /Amtsdesk läuft: (http:\/\/\S+)/.exec(out)?.[1];
      if (url && out.includes('Beenden mit Strg+C.')) {
        clearInterval(timer);
        resolve({ child, url, exited });
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}: ${out}`));
    });
  });
}

/** A proxy in front of Amtsdesk that breaks one operation's answer, as a faulty release would. */
async function breakingProxy(target: string, breaks: (method: string, path: string) => boolean): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (c: Buffer) => chunks.push(c));
      answer.on('end', () => {
        let body = Buffer.concat(chunks);
        const headers = { ...answer.headers };
        if (breaks(req.method ?? '', (req.url ?? '').split('?')[0]!)) {
          // The operation still answers 200, but without the case's version.
          const json = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
          delete json.version;
          body = Buffer.from(JSON.stringify(json));
        }
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, headers).end(body);
      });
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function json(url: string, method: string, session: { cookie: string; csrf: string }, body?: unknown) {
  const res = await fetch(url, { method, headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

const freePort = () => new Promise<number>((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as AddressInfo).port;
    s.close(() => resolve(port));
  });
});

const failed = (results: CheckResult[]) => results.filter((r) => !r.ok);

describe('conformance suite against a running `amtsdesk start`', { timeout: 900_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-conformance-'));
  let server: Awaited<ReturnType<typeof startAmtsdesk>>;
  let options: ConformanceOptions;
  before(async () => {
    server = await startAmtsdesk(dataDir);
    // What the municipality's admin prepares for a vendor (docs/integration.md, "Conformance suite").
    const credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenant: 'musterstadt', email: 'admin@musterstadt.example', password: 'Demo-Admin-2024!' }) });
    assert.equal(login.status, 200);
    const cookie = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
    const service = (await json(`${server.url}/api/services`, 'GET', cookie)).items[0];
    await json(`${server.url}/api/admin/decision-settings/${service.id}`, 'PUT', cookie, { requiresRelease: false, generatorUrl: null });
    const registered = await json(`${server.url}/api/admin/fachverfahren`, 'POST', cookie, { name: 'Konformitätstest', serviceIds: [service.id], scopes: ['cases:read', 'cases:write', 'cases:assign'] });
    const feedKey = await json(`${server.url}/api/admin/api-tokens`, 'POST', cookie, { name: 'Konformitätstest Feed', scopes: ['cases:read'] });
    const webhookPort = await freePort();
    const endpoint = await json(`${server.url}/api/admin/webhook-endpoints`, 'POST', cookie, { url: `http://127.0.0.1:${webhookPort}/amtsdesk`, eventTypes: ['*'], description: 'Konformitätstest' });
    options = {
      url: server.url, clientId: registered.client.clientId, clientSecret: registered.clientSecret,
      intakeToken: credentials.intakeToken.token, feedToken: feedKey.token, serviceKey: service.leikaKey,
      webhookSecret: endpoint.secret, webhookPort, webhookWaitMs: 90_000,
    };
  });
  after(async () => {
    server?.child.kill('SIGTERM');
    await server?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('passes every check: each operation, each event against its schema, the feed, signed webhooks', async () => {
    const lines: string[] = [];
    const results = await runConformance({ ...options, log: (l) => lines.push(l) });
    assert.deepEqual(failed(results), [], lines.join('\n'));
    assert.ok(results.length >= 12, `${results.length} checks ran`);
  });

  it('goes red when an operation breaks (its answer loses a documented required field)', async () => {
    const proxy = await breakingProxy(server.url, (method, path) => method === 'POST' && /\/handover$/.test(path));
    try {
      const results = await runConformance({ ...options, url: proxy.url, webhookSecret: undefined, webhookPort: undefined });
      const red = failed(results);
      assert.ok(red.some((r) => r.name.startsWith('Übernehmen') && r.problems.some((p) => /version/.test(p))), JSON.stringify(red, null, 1));
    } finally {
      proxy.server.close();
    }
  });

  it('goes red when a wrong webhook secret is configured (signatures do not verify)', async () => {
    const results = await runConformance({ ...options, webhookSecret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`, webhookWaitMs: 10_000 });
    const webhooks = failed(results).find((r) => r.name.startsWith('Webhooks'));
    assert.ok(webhooks?.problems.some((p) => /keine gültige Signatur/.test(p)), JSON.stringify(failed(results), null, 1));
  });
});
