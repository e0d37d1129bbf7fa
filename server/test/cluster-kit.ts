// Real processes for the multi-instance tests: `amtsdesk start` and `amtsdesk worker` instances,
// Debian's haproxy in front of the web instances, an SMTP stand-in and a live-update client.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SMTPServer } from 'smtp-server';

const BIN = fileURLToPath(new URL('../bin/amtsdesk.mjs', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface Instance {
  name: string;
  child: ChildProcess;
  port?: number;
  output(): string;
  exited: Promise<number | null>;
  kill(): Promise<void>;
}

/** Spawns `amtsdesk <command>` and resolves once its output contains `readyWhen`. */
export function spawnInstance(name: string, command: 'start' | 'worker', env: Record<string, string>, readyWhen: RegExp, port?: number): Promise<Instance> {
  const child = spawn(process.execPath, [BIN, command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const instance: Instance = {
    name, child, port, output: () => out, exited,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      if (readyWhen.test(out)) {
        clearInterval(timer);
        resolve(instance);
      }
    }, 100);
    void exited.then((code) => {
      clearInterval(timer);
      reject(new Error(`${name} exited with ${code}: ${out}`));
    });
  });
}

/** Debian's haproxy, round robin over the web instances, taking a server out when /readyz fails. */
export async function startHaproxy(webPorts: number[]): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'amtsdesk-haproxy-'));
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(config, [
    'global', '  maxconn 2000',
    'defaults', '  mode http', '  timeout connect 1s', '  timeout client 60s', '  timeout server 60s', '  timeout tunnel 1h',
    // Only a request that never reached a server is sent again; one that may have been processed is not.
    '  retries 3', '  option redispatch', '  retry-on conn-failure',
    'frontend web', `  bind 127.0.0.1:${port}`, '  default_backend amtsdesk',
    'backend amtsdesk', '  balance roundrobin', '  option httpchk GET /readyz',
    ...webPorts.map((p, i) => `  server web${i + 1} 127.0.0.1:${p} check inter 300 fall 1 rise 2`),
    '',
  ].join('\n'));
  const child = spawn(existsSync('/usr/sbin/haproxy') ? '/usr/sbin/haproxy' : 'haproxy', ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${out}`);
    if ((await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status, () => 0)) === 200) break;
    if (Date.now() > deadline) throw new Error(`haproxy not answering: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** An SMTP server that records every Message-ID it accepts; each message takes delayMs, so deliveries are in flight when a worker dies. */
export async function startSmtpCapture(delayMs: number): Promise<{ port: number; received: string[]; close(): Promise<void> }> {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '';
        setTimeout(() => {
          received.push(id);
          callback();
        }, delayMs);
      });
    },
  });
  // The test SIGKILLs instances mid-delivery: their SMTP connections reset (ECONNRESET). A real mail
  // server shrugs that off; without a listener it would be an uncaught exception in the test process.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser tab's live updates (GET /api/live through the load balancer), reconnecting like
 * EventSource when its instance goes away. Records the case ids of every case.created event.
 */
export function liveClient(port: number, cookie: string): { created: Set<string>; reconnects: () => number; close(): void } {
  const created = new Set<string>();
  let reconnects = -1;
  let closed = false;
  let current: IncomingMessage | null = null;
  const connect = () => {
    if (closed) return;
    reconnects++;
    let responded = false;
    const req = request({ host: '127.0.0.1', port, path: '/api/live', headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      responded = true;
      current = res;
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (/^event: case\.created$/m.test(block)) {
            const data = /^data: (.*)$/m.exec(block)?.[1];
            if (data) created.add((JSON.parse(data) as { caseId: string }).caseId);
          }
        }
      });
      // 'close' also when the instance behind the balancer died mid-stream.
      res.on('close', () => setTimeout(connect, 200));
      res.on('error', () => {});
    });
    // After a response, its 'close' reconnects; before one (instance gone), the error does.
    req.on('error', () => { if (!responded) setTimeout(connect, 200); });
    req.end();
  };
  connect();
  return {
    created,
    reconnects: () => reconnects,
    close() {
      closed = true;
      current?.destroy();
    },
  };
}
