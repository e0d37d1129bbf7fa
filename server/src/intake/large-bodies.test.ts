import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { withTenant } from '../db/database.js';
import { PDF, intakeWorld } from '../../test/intake-kit.js';
import { depositEnvelope } from '../../test/fixtures/intelliform.js';

const MB = 1024 * 1024;
const run = promisify(execFile);
const SENDER = new URL('../../test/flood-sender.mjs', import.meta.url).pathname;

interface Answer { status: number; contentType?: string; body?: string; error?: string; sentBytes: number }

/** 4 strangers send 250 MB each, at once, from a child process (its memory is not ours). */
async function flood(base: string, totalBytes: number): Promise<Answer[]> {
  const soapStart = '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><deposit><data><attachments><content>';
  const specs = [
    { url: `${base}/api/intake/applications`, headers: { 'content-type': 'application/json' }, prefix: '{"applicant":{"name":"', filler: 'A', totalBytes, chunked: true },
    { url: `${base}/antrag`, headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, prefix: '--xyz\r\nContent-Disposition: form-data; name="attachment"; filename="a.pdf"\r\n\r\n', filler: 'A', totalBytes, chunked: false },
    { url: `${base}/api/intake/intelliform`, headers: { 'content-type': 'text/xml; charset=utf-8' }, prefix: soapStart, filler: 'A', totalBytes, chunked: true },
    { url: `${base}/api/portal/applications/0190f0f0-0000-7000-8000-000000000000/replies`, headers: { 'content-type': 'multipart/form-data; boundary=xyz' }, prefix: '--xyz\r\nContent-Disposition: form-data; name="attachment"; filename="a.pdf"\r\n\r\n', filler: 'A', totalBytes, chunked: false },
  ];
  const { stdout } = await run(process.execPath, [SENDER, JSON.stringify(specs)], { maxBuffer: 1024 * 1024 });
  return JSON.parse(stdout) as Answer[];
}

function get(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject).end();
  });
}

describeEachDatabase('intake: big bodies are refused before they are read, and big deposits do not stall the server', (t) => {
  let h: TestApp;
  let base: string;
  let w: Awaited<ReturnType<typeof intakeWorld>>;
  before(async () => {
    h = await createTestApp(t.db);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    const address = h.app.server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    w = await intakeWorld(t, { ags: '09162000', leikaKey: '99104005000000' });
  });
  after(async () => h.close());

  it('4 × 250 MB from strangers leave resident memory flat and each gets a German 401', async () => {
    await flood(base, 2 * MB); // warm up: every code path on the way is loaded and compiled
    const rss = () => process.memoryUsage.rss();
    const baseline = rss();
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 10);
    let answers: Answer[];
    try {
      answers = await flood(base, 250 * MB);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, rss());
    for (const a of answers) {
      assert.equal(a.status, 401, JSON.stringify(a));
      assert.ok(a.body && /Zugang|melden Sie sich|Anmeldung/i.test(a.body), a.body);
      assert.doesNotMatch(a.body!, /at .*\.(ts|js):\d+/, 'no stack trace');
    }
    assert.match(answers[0]!.contentType!, /application\/problem\+json/);
    assert.match(answers[2]!.contentType!, /text\/xml/, 'the SOAP channel answers with a fault');
    // Each of these bodies, buffered, would be 250 MB. What may grow: the sockets' stream buffers
    // (64 KB each), the SOAP pre-authentication window (64 KB), and the heap's ordinary churn while
    // four requests are answered (a few MB). 30 MB leaves room for GC timing on a busy machine and
    // is still an order of magnitude below even one buffered body.
    const grewMb = (peak - baseline) / MB;
    assert.ok(grewMb < 30, `resident memory grew by ${grewMb.toFixed(1)} MB`);
    const sent = answers.reduce((sum, a) => sum + a.sentBytes, 0);
    assert.ok(sent < 4 * 250 * MB, 'the server answered before the bodies were through');
  });

  it('while a 50 MB authenticated SOAP deposit is read and decoded, /healthz keeps answering within 500 ms; the attachment arrives intact', async () => {
    const scan = Buffer.concat([PDF.subarray(0, 9), randomBytes(37 * MB)]);
    // The envelope is written piece by piece: a 50 MB string in this process would put the
    // garbage collector's pauses into the latencies measured below.
    const marker = Buffer.from('@@SCAN@@').toString('base64');
    const [head, tail] = depositEnvelope({ id: 'if-gross-1', extraAttachments: [{ id: 'PDF-Antrag', name: 'Bauplan.pdf', contentType: 'application/pdf', content: Buffer.from('@@SCAN@@') }] }).split(marker).map((part) => Buffer.from(part!, 'utf8'));
    const envelopeBytes = head!.length + 4 * Math.ceil(scan.length / 3) + tail!.length;
    assert.ok(envelopeBytes > 49 * MB);
    // Measured until the big attachment is decoded into the blob store: that is the parse. What
    // follows (recording the case) is a database write, which on the embedded PGlite engine runs
    // on this event loop by design and is not what this test is about.
    const expected = createHash('sha256').update(scan).digest('hex');
    const latencies: number[] = [];
    let polling = true;
    const poller = (async () => {
      while (polling && !(await h.blobs.has(expected))) {
        const started = performance.now();
        assert.equal(await get(`${base}/healthz`), 200);
        latencies.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${base}/api/intake/intelliform`, { method: 'POST', headers: { ...w.headers, 'content-type': 'text/xml; charset=utf-8', 'content-length': String(envelopeBytes) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      });
      req.on('error', reject);
      const slice = 48 * 1024; // a multiple of 3: each piece encodes without padding
      let offset = 0;
      const write = () => {
        if (offset === 0 && !req.write(head)) return void req.once('drain', write);
        while (offset < scan.length) {
          const piece = scan.subarray(offset, offset + slice).toString('base64');
          offset += slice;
          if (!req.write(piece)) return void req.once('drain', write);
        }
        req.end(tail);
      };
      write();
    });
    polling = false;
    await poller;
    assert.equal(answer.status, 200, answer.body.slice(0, 500));
    assert.ok(latencies.length >= 5, `polled ${latencies.length} times`);
    const worst = Math.max(...latencies);
    assert.ok(worst < 500, `/healthz took up to ${worst.toFixed(0)} ms while the deposit was parsed: ${latencies.map(Math.round).join(' ')}`);

    const caseId = /<key>vorgangId<\/key><value>([^<]+)<\/value>/.exec(answer.body)![1]!;
    const files = await withTenant(t.db, { tenantId: w.tenant.id }, (trx) => trx.selectFrom('attachments').select(['file_name', 'sha256', 'size_bytes', 'kind']).where('case_id', '=', caseId).execute());
    const plan = files.find((f) => f.file_name === 'Bauplan.pdf')!;
    assert.equal(plan.sha256, expected);
    assert.equal(Number(plan.size_bytes), scan.length);
    const stored = createHash('sha256');
    for await (const chunk of await h.blobs.get(plan.sha256)) stored.update(chunk as Buffer);
    assert.equal(stored.digest('hex'), expected);
  });
});
