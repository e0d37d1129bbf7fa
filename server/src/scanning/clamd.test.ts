import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { Readable } from 'node:stream';
import { clamdSkipReason, EICAR, freePort, startClamd, TEST_SIGNATURE, type ClamdFixture } from '../../test/clamd.js';
import { ClamdScanner, parseClamdAddress } from './clamd.js';
import { ScannerUnavailableError } from './scanner.js';

describe('clamd scanner against a real clamd', { skip: clamdSkipReason() }, () => {
  let clamd: ClamdFixture;
  before(async () => {
    clamd = await startClamd();
  });
  after(async () => clamd?.stop());

  it('finds EICAR and names the signature; a harmless file is clean', async () => {
    const scanner = new ClamdScanner({ address: clamd.tcp });
    assert.deepEqual(await scanner.scan(EICAR), { clean: false, signature: TEST_SIGNATURE });
    assert.deepEqual(await scanner.scan(Buffer.from('Sehr geehrte Damen und Herren, anbei mein Antrag.')), { clean: true });
    assert.deepEqual(await scanner.scan(Buffer.alloc(0)), { clean: true });
  });

  it('streams in bounded chunks: EICAR in the middle of a file arriving in pieces is still found', async () => {
    const scanner = new ClamdScanner({ address: clamd.tcp, chunkBytes: 7 });
    const padding = Buffer.alloc(300_000, 0x41);
    const file = Buffer.concat([padding, EICAR, padding]);
    const pieces = Array.from({ length: Math.ceil(file.length / 4096) }, (_, i) => file.subarray(i * 4096, (i + 1) * 4096));
    assert.deepEqual(await new ClamdScanner({ address: clamd.tcp }).scan(Readable.from(pieces)), { clean: false, signature: TEST_SIGNATURE });
    assert.deepEqual(await scanner.scan(Readable.from([EICAR.subarray(0, 30), EICAR.subarray(30)])), { clean: false, signature: TEST_SIGNATURE });
  });

  it('works over the unix socket too', async () => {
    const scanner = new ClamdScanner({ address: clamd.unix });
    assert.equal(await scanner.ping(), true);
    assert.equal((await scanner.scan(EICAR)).clean, false);
  });

  it('a source that fails mid-stream ends the scan with the source’s error', async () => {
    const scanner = new ClamdScanner({ address: clamd.tcp });
    const source = new Readable({ read() {} });
    const verdict = scanner.scan(source);
    source.push(Buffer.alloc(1000, 1));
    setTimeout(() => source.destroy(new Error('upload interrupted')), 50);
    await assert.rejects(verdict, /upload interrupted/);
  });
});

describe('clamd scanner when clamd is missing or misbehaves', () => {
  const standIns: Server[] = [];
  after(() => standIns.forEach((s) => s.close()));
  /** A TCP server speaking just enough to misbehave as told. */
  async function standIn(onConnection: (socket: Socket) => void): Promise<number> {
    const server = createServer(onConnection);
    standIns.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return (server.address() as { port: number }).port;
  }

  it('nobody listening: unavailable, not clean', async () => {
    const scanner = new ClamdScanner({ address: { kind: 'tcp', host: '127.0.0.1', port: await freePort() } });
    await assert.rejects(scanner.scan(EICAR), (e) => e instanceof ScannerUnavailableError && /ECONNREFUSED/.test(e.message));
    assert.equal(await scanner.ping(), false);
  });

  it('a daemon that accepts and never answers times out within the configured time', async () => {
    const port = await standIn((socket) => socket.on('data', () => {}));
    const scanner = new ClamdScanner({ address: { kind: 'tcp', host: '127.0.0.1', port }, timeoutMs: 300 });
    const started = Date.now();
    await assert.rejects(scanner.scan(Buffer.from('hallo')), (e) => e instanceof ScannerUnavailableError && /no answer within 300 ms/.test(e.message));
    assert.ok(Date.now() - started < 3000);
  });

  it('clamd’s own errors (size limit) and unknown answers are unavailable, never clean', async () => {
    for (const answer of ['INSTREAM size limit exceeded. ERROR', 'stream: OKAY', 'PONG']) {
      const port = await standIn((socket) => socket.once('data', () => socket.end(`${answer}\0`)));
      const scanner = new ClamdScanner({ address: { kind: 'tcp', host: '127.0.0.1', port } });
      await assert.rejects(scanner.scan(Buffer.from('hallo')), (e) => e instanceof ScannerUnavailableError, answer);
    }
    const endless = await standIn((socket) => socket.once('data', () => socket.write(Buffer.alloc(10_000, 0x41))));
    await assert.rejects(new ClamdScanner({ address: { kind: 'tcp', host: '127.0.0.1', port: endless } }).scan(Buffer.from('x')), /answer too long/);
    const hangUp = await standIn((socket) => socket.once('data', () => socket.destroy()));
    await assert.rejects(new ClamdScanner({ address: { kind: 'tcp', host: '127.0.0.1', port: hangUp } }).scan(Buffer.from('x')), ScannerUnavailableError);
  });

  it('frames the stream as clamd expects: command, length-prefixed chunks of at most chunkBytes, zero terminator', async () => {
    let received = Buffer.alloc(0);
    const port = await standIn((socket) =>
      socket.on('data', (d: Buffer) => {
        received = Buffer.concat([received, d]);
        if (received.subarray(-4).equals(Buffer.alloc(4)) && received.length > 14) socket.end('stream: OK\0');
      }),
    );
    const scanner = new ClamdScanner({ address: { kind: 'tcp', host: '127.0.0.1', port }, chunkBytes: 4 });
    assert.deepEqual(await scanner.scan(Buffer.from('abcdefghij')), { clean: true });
    const expected = Buffer.concat([
      Buffer.from('zINSTREAM\0'),
      Buffer.from([0, 0, 0, 4]), Buffer.from('abcd'), Buffer.from([0, 0, 0, 4]), Buffer.from('efgh'), Buffer.from([0, 0, 0, 2]), Buffer.from('ij'),
      Buffer.alloc(4),
    ]);
    assert.deepEqual(received, expected);
  });

  it('reads AMTSDESK_CLAMD addresses and refuses anything else with a message naming the setting', () => {
    assert.deepEqual(parseClamdAddress('tcp://127.0.0.1:3310'), { kind: 'tcp', host: '127.0.0.1', port: 3310 });
    assert.deepEqual(parseClamdAddress('tcp://[::1]:3310'), { kind: 'tcp', host: '::1', port: 3310 });
    assert.deepEqual(parseClamdAddress('tcp://clamav.intern:3310/'), { kind: 'tcp', host: 'clamav.intern', port: 3310 });
    assert.deepEqual(parseClamdAddress('unix:/run/clamav/clamd.ctl'), { kind: 'unix', path: '/run/clamav/clamd.ctl' });
    assert.deepEqual(parseClamdAddress('unix:///run/clamav/clamd.ctl'), { kind: 'unix', path: '/run/clamav/clamd.ctl' });
    for (const bad of ['127.0.0.1:3310', 'tcp://127.0.0.1', 'http://127.0.0.1:3310', 'unix:clamd.ctl', 'tcp://host:3310/path', 'tcp://host:0']) {
      assert.throws(() => parseClamdAddress(bad), /AMTSDESK_CLAMD/, bad);
    }
  });
});
