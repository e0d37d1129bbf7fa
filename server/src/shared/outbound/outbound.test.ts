import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { INTERNAL_URLS } from '../../../test/internal-urls.js';
import { checkOutboundUrl, outboundFetch, OutboundError, OUTBOUND_UNREACHABLE, parseOutboundPolicy, type OutboundPolicy } from './index.js';


const none = parseOutboundPolicy('');

describe('outbound URL check (save time)', () => {
  for (const url of INTERNAL_URLS) {
    it(`refuses ${url}`, () => {
      assert.deepEqual(checkOutboundUrl(url, none), { ok: false, reason: 'internal' });
    });
  }

  it('passes public https targets, including a public IPv4 inside IPv6', () => {
    for (const url of ['https://fachverfahren.example/hook', 'https://8.8.8.8/', 'https://[2606:4700:4700::1111]/', 'https://[::ffff:8.8.8.8]/', 'https://172.32.0.1/']) {
      assert.equal(checkOutboundUrl(url, none).ok, true, url);
    }
  });

  it('refuses plain http, other schemes, credentials and malformed URLs', () => {
    assert.deepEqual(checkOutboundUrl('http://fachverfahren.example/', none), { ok: false, reason: 'insecure' });
    assert.deepEqual(checkOutboundUrl('ftp://fachverfahren.example/', none), { ok: false, reason: 'scheme' });
    assert.deepEqual(checkOutboundUrl('file:///etc/passwd', none), { ok: false, reason: 'scheme' });
    assert.deepEqual(checkOutboundUrl('https://user:secret@fachverfahren.example/', none), { ok: false, reason: 'credentials' });
    assert.deepEqual(checkOutboundUrl('https://[::1', none), { ok: false, reason: 'invalid' });
  });

  it('the installation allow-list opens exactly what it names: host, port, net', () => {
    const policy = parseOutboundPolicy('127.0.0.1:8443, generator.intern, 10.0.0.0/8, [fd00::/8]:443');
    assert.equal(checkOutboundUrl('http://127.0.0.1:8443/', policy).ok, true);
    assert.deepEqual(checkOutboundUrl('http://127.0.0.1:8444/', policy), { ok: false, reason: 'internal' });
    assert.deepEqual(checkOutboundUrl('https://2130706433:8443/', policy).ok, true);
    assert.equal(checkOutboundUrl('http://generator.intern/pdf', policy).ok, true);
    assert.equal(checkOutboundUrl('https://10.20.30.40/', policy).ok, true);
    assert.deepEqual(checkOutboundUrl('https://192.168.0.1/', policy), { ok: false, reason: 'internal' });
    assert.equal(checkOutboundUrl('https://[fd00::5]/', policy).ok, true);
    assert.deepEqual(checkOutboundUrl('https://[fd00::5]:444/', policy), { ok: false, reason: 'internal' });
    assert.throws(() => parseOutboundPolicy('10.0.0.0/33'), /AMTSDESK_OUTBOUND_ALLOW/);
    assert.throws(() => parseOutboundPolicy('bad_name!'), /AMTSDESK_OUTBOUND_ALLOW/);
  });
});

/** A TCP listener that only counts connections: proof that nothing (no header, no secret) reached it. */
async function countingListener(): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, connections: () => count, close: () => new Promise((r) => server.close(() => r())) };
}

describe('outbound requests (connect time)', () => {
  it('refuses a public-looking name that resolves to loopback (DNS rebinding) before any connection', async () => {
    const listener = await countingListener();
    const rebinding: OutboundPolicy = { allow: [], resolve: async () => [{ address: '127.0.0.1', family: 4 }] };
    const error = await outboundFetch(`https://rebind.example:${listener.port}/hook`, { method: 'POST', headers: { authorization: 'Bearer secret' }, body: '{}' }, rebinding)
      .then(() => null, (e: unknown) => e);
    assert.ok(error instanceof OutboundError, String(error));
    assert.equal(error.detail, OUTBOUND_UNREACHABLE);
    assert.equal(listener.connections(), 0, 'the guard let a connection through');
    await listener.close();
  });

  it('refuses a name with one public and one private address', async () => {
    const listener = await countingListener();
    const mixed: OutboundPolicy = { allow: [], resolve: async () => [{ address: '93.184.216.34', family: 4 }, { address: '::ffff:127.0.0.1', family: 6 }] };
    await assert.rejects(outboundFetch(`https://mixed.example:${listener.port}/`, {}, mixed), OutboundError);
    assert.equal(listener.connections(), 0);
    await listener.close();
  });

  it('a closed port, a name that does not resolve and a blocked address read the same', async () => {
    const listener = await countingListener();
    await listener.close();
    const allowed = parseOutboundPolicy(`127.0.0.1:${listener.port}`);
    const closed = await outboundFetch(`http://127.0.0.1:${listener.port}/`, {}, allowed).catch((e: OutboundError) => e);
    const blocked = await outboundFetch('https://127.0.0.1/', {}, none).catch((e: OutboundError) => e);
    const unknown = await outboundFetch('https://rebind.example/', {}, { allow: [], resolve: async () => { throw Object.assign(new Error('x'), { code: 'ENOTFOUND' }); } })
      .catch((e: OutboundError) => e);
    for (const e of [closed, blocked, unknown]) {
      assert.ok(e instanceof OutboundError);
      assert.equal(e.detail, OUTBOUND_UNREACHABLE);
    }
  });
});
