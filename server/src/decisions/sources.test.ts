import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { multipart, PDF, PNG } from '../../test/intake-kit.js';
import { renderDecisionPdf } from './pdf.js';
import { caseInProgress, decisionWorld, setRequiresRelease, type DecisionWorld } from '../../test/decision-kit.js';

/** A stand-in for a commercial document generator: answers each request as the test says. */
function generatorStandIn() {
  const received: Array<Record<string, unknown>> = [];
  let answer: (req: IncomingMessage) => { status: number; type: string; body: Buffer } = () => ({ status: 500, type: 'text/plain', body: Buffer.from('x') });
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    const { status, type, body } = answer(req);
    res.writeHead(status, { 'content-type': type }).end(body);
  });
  return {
    received,
    answerWith(fn: typeof answer) { answer = fn; },
    async start() { await new Promise<void>((r) => server.listen(0, '127.0.0.1', r)); return `http://127.0.0.1:${(server.address() as AddressInfo).port}/bescheid`; },
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describeEachDatabase('decision sources: external generator and uploaded PDF', (t) => {
  let w: DecisionWorld;
  const generator = generatorStandIn();
  let generatorPdf: Buffer;
  before(async () => {
    w = await decisionWorld(t);
    await setRequiresRelease(w, false, await generator.start());
    generatorPdf = await renderDecisionPdf({
      letterhead: { name: 'Generator GmbH', addressLines: [], contact: '' }, recipient: { name: 'A', addressLines: [] },
      caseNumber: 'X', serviceName: 'Y', kind: 'approval', date: new Date(), body: 'Vom Generator', signer: 'Z',
    });
  });
  after(async () => {
    await w.test.close();
    await generator.stop();
  });

  const countDecisions = async (caseId: string) =>
    Number((await t.adminQuery<{ n: number }>('select count(*)::int as n from decisions where case_id = $1', [caseId]))[0]!.n);

  it('posts the case data to the generator and keeps the PDF it answers with', async () => {
    generator.answerWith(() => ({ status: 200, type: 'application/pdf', body: generatorPdf }));
    const kase = await caseInProgress(t, w);
    const res = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: w.headers.author, payload: { source: 'generator', kind: 'rejection' } });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().source, 'generator');
    assert.equal(res.json().kind, 'rejection');
    assert.equal(res.json().text, null);
    const sent = generator.received.at(-1) as { kind: string; case: { caseNumber: string }; formData: Array<{ name: string }>; applicant: { lastName: string } };
    assert.equal(sent.kind, 'rejection');
    assert.equal(sent.case.caseNumber, kase.caseNumber);
    assert.equal(sent.applicant.lastName, 'Schmidt');
    assert.equal(sent.formData[0]!.name, 'hund');
    const preview = await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/decisions/${res.json().id}/preview`, headers: w.headers.author });
    assert.deepEqual(preview.rawPayload, generatorPdf, 'the generated document is kept byte for byte');
  });

  it('a failing generator answers 502 with German text and nothing is stored', async () => {
    const kase = await caseInProgress(t, w);
    for (const answer of [
      { status: 500, type: 'text/plain', body: Buffer.from('kaputt') },
      { status: 200, type: 'application/pdf', body: PNG },
    ]) {
      generator.answerWith(() => answer);
      const res = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: w.headers.author, payload: { source: 'generator', kind: 'approval' } });
      assert.equal(res.statusCode, 502, res.body);
      assert.equal(res.json().code, 'bad_gateway');
      assert.match(res.json().detail, /Dokumentengenerator/);
    }
    await generator.stop();
    const down = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: w.headers.author, payload: { source: 'generator', kind: 'approval' } });
    assert.equal(down.statusCode, 502);
    assert.match(down.json().detail, /nicht erreichbar/);
    assert.equal(await countDecisions(kase.id), 0);
  });

  it('accepts an uploaded PDF (by sniffed type) and refuses anything else with 415', async () => {
    const kase = await caseInProgress(t, w);
    const ok = multipart([{ name: 'kind', data: 'approval' }, { name: 'file', filename: 'bescheid.pdf', contentType: 'application/pdf', data: PDF }]);
    const res = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: { ...w.headers.author, ...ok.headers }, payload: ok.payload });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().source, 'upload');
    const disguised = multipart([{ name: 'kind', data: 'approval' }, { name: 'file', filename: 'bescheid.pdf', contentType: 'application/pdf', data: PNG }]);
    const bad = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: { ...w.headers.author, ...disguised.headers }, payload: disguised.payload });
    assert.equal(bad.statusCode, 415);
    assert.equal(bad.json().field, 'file');
    const noKind = multipart([{ name: 'file', filename: 'bescheid.pdf', data: PDF }]);
    const missing = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions`, headers: { ...w.headers.author, ...noKind.headers }, payload: noKind.payload });
    assert.equal(missing.statusCode, 400);
    assert.equal(missing.json().field, 'kind');
    assert.equal(await countDecisions(kase.id), 1);
    // Sending it: the uploaded bytes themselves become the decision attachment.
    const sent = await w.app.inject({ method: 'POST', url: `/api/cases/${kase.id}/decisions/${res.json().id}/send`, headers: w.headers.author, payload: { version: kase.version } });
    assert.equal(sent.statusCode, 200, sent.body);
    const attachment = await w.app.inject({ method: 'GET', url: `/api/cases/${kase.id}/attachments/${sent.json().document.attachmentId}/content`, headers: w.headers.author });
    assert.deepEqual(attachment.rawPayload, PDF);
  });
});
