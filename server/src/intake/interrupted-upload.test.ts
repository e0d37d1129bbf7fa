import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { PDF, blobTempFiles, intakeWorld, multipart, ozgDocument, storedCounts } from '../../test/intake-kit.js';

describeEachDatabase('intake: an interrupted upload leaves nothing behind', (t) => {
  let h: TestApp;
  let port: number;
  before(async () => {
    h = await createTestApp(t.db);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as AddressInfo).port;
  });
  after(async () => h.close());

  it('a client that disconnects in the middle of an attachment gets no case, no attachment and no temporary file', async () => {
    const w = await intakeWorld(t, { ags: '01008001' });
    const before = await storedCounts(t);
    const big = Buffer.concat([PDF, Buffer.alloc(3 * 1024 * 1024, 0x41)]);
    const body = multipart([{ name: 'formData', data: JSON.stringify(ozgDocument()) }, { name: 'attachment', filename: 'Bauplan.pdf', data: big }]);
    const head =
      `POST /antrag HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${w.headers.authorization}\r\n` +
      `Content-Type: ${body.headers['content-type']}\r\nContent-Length: ${body.payload.length}\r\n\r\n`;
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(head);
    socket.write(body.payload.subarray(0, Math.floor(body.payload.length / 2)));
    // Wait until the server is visibly writing the attachment, then cut the line.
    for (let i = 0; i < 200 && blobTempFiles(h.config.dataDir).length === 0; i++) await sleep(10);
    assert.equal(blobTempFiles(h.config.dataDir).length, 1, 'the attachment was being written when the client vanished');
    socket.destroy();
    for (let i = 0; i < 300 && blobTempFiles(h.config.dataDir).length > 0; i++) await sleep(10);
    assert.deepEqual(blobTempFiles(h.config.dataDir), [], 'the partial file was removed');
    await sleep(50);
    assert.deepEqual(await storedCounts(t), before, 'nothing stored');
  });
});
