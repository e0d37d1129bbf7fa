import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/amtsdesk.mjs', import.meta.url));

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `amtsdesk start` as a real process and waits until it has printed everything (URL first, sign-ins last). */
function startServer(dataDir: string): Promise<Running> {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: '', AMTSDESK_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', AMTSDESK_DEMO_CASES: '12' };
  delete env.AMTSDESK_PUBLIC_URL;
  delete env.AMTSDESK_DEMO;
  const child = spawn(process.execPath, [BIN, 'start'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const url = /Amtsdesk läuft: (http:\/\/\S+)/.exec(out)?.[1];
      // The URL line comes before the sign-ins; the pipe may hand them over in separate chunks.
      if (url && out.includes('Beenden mit Strg+C.')) {
        clearInterval(timer);
        resolve({ child, url, output: () => out, exited });
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`start exited with ${code}: ${out}`));
    });
  });
}

async function signIn(url: string, email: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: 'musterstadt', email, password }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

describe('amtsdesk start on a fresh data directory', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsdesk-start-'));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  let firstToken = '';

  it('creates the embedded database and the demo, prints URL and sign-ins, serves the API, stops on SIGTERM', async () => {
    const server = await startServer(dataDir);
    try {
      const output = server.output();
      assert.match(output, /Demo-Kommune „Musterstadt“ angelegt: 12 Vorgänge/);
      const credentials = JSON.parse(readFileSync(join(dataDir, 'demo-credentials.json'), 'utf8'));
      assert.ok(output.includes(join(dataDir, 'demo-credentials.json')));
      for (const user of credentials.users) assert.ok(output.includes(user.email) && output.includes(user.password), user.email);
      assert.match(credentials.intakeToken.token, /^adk_/);
      firstToken = credentials.intakeToken.token;

      assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      const doc = await (await fetch(`${server.url}/api/openapi.json`)).json();
      assert.match(doc.openapi, /^3\.1/);
      const reader = credentials.users.find((u: { role: string }) => u.role === 'reader');
      const cookie = await signIn(server.url, reader.email, reader.password);
      const counts = await (await fetch(`${server.url}/api/cases/counts`, { headers: { cookie } })).json();
      assert.equal(counts.total, 12);
    } finally {
      server.child.kill('SIGTERM');
    }
    assert.equal(await server.exited, 0);
    assert.match(server.output(), /SIGTERM empfangen/);
    assert.equal(existsSync(join(dataDir, 'server.pid')), false, 'the embedded database is released');
  });

  it('a second start reuses the data and the credentials', async () => {
    assert.ok(firstToken, 'needs the first start');
    const server = await startServer(dataDir);
    try {
      assert.doesNotMatch(server.output(), /angelegt/);
      assert.ok(server.output().includes(firstToken), 'same intake token as before');
      const cookie = await signIn(server.url, 'admin@musterstadt.example', 'Demo-Admin-2024!');
      const counts = await (await fetch(`${server.url}/api/cases/counts`, { headers: { cookie } })).json();
      assert.equal(counts.total, 12);
    } finally {
      server.child.kill('SIGINT');
    }
    assert.equal(await server.exited, 0);
  });
});
