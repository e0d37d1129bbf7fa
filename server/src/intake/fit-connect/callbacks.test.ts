import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeEachDatabase } from '../../../test/db.js';
import { createTestApp, type TestApp } from '../../../test/app.js';
import { startOutboxWorker } from '../../main/outbox.js';
import { PDF, PNG, intakeWorld } from '../../../test/intake-kit.js';
import { registerFitDestination } from './destinations.js';
import { FakeSubmissionApi, buildSubmission, destinationKeys, signingKeys } from '../../../test/fit-connect-standin.js';
import { startFitConnectPoller } from './poller.js';

const ACCEPT = 'https://schema.fitko.de/fit-connect/events/accept-submission';
const REJECT = 'https://schema.fitko.de/fit-connect/events/reject-submission';
const DATA = { gewerbetreibender: { vorname: 'Aylin', nachname: 'Kaya' }, betrieb: { bezeichnung: 'Kaya Fahrradreparatur', beginn: '2025-03-01' } };
const FILES = [
  { filename: 'Gewerbeanmeldung.pdf', mimeType: 'application/pdf', purpose: 'form' as const, content: PDF },
  { filename: 'Personalausweis.png', mimeType: 'image/png', purpose: 'attachment' as const, content: PNG },
];
const tagOf = (jwe: string) => jwe.split('.')[4];

describeEachDatabase('FIT-Connect: the Submission API is told accept or reject, through the outbox', (t) => {
  let h: TestApp;
  let api: FakeSubmissionApi;
  let keys: Awaited<ReturnType<typeof destinationKeys>>;
  let w: Awaited<ReturnType<typeof intakeWorld>>;
  const destinationId = randomUUID();
  before(async () => {
    h = await createTestApp(t.db);
    w = await intakeWorld(t, { ags: '01005011' });
    keys = await destinationKeys();
    const signing = await signingKeys();
    api = new FakeSubmissionApi(destinationId, signing.publicKey);
    const url = await api.start();
    await registerFitDestination(t.db, w.tenant.id, { destinationId, submissionApiUrl: url, privateJwk: keys.privateJwk, signingJwk: signing.privateJwk });
  });
  after(async () => {
    await api.stop();
    await h.close();
  });
  const poll = () => startFitConnectPoller({ db: t.db, blobs: h.blobs, config: h.config, intervalMs: 0 }).runOnce();
  const deliver = async () => {
    const worker = startOutboxWorker({ db: t.db, config: h.config, pollMs: 3_600_000 });
    try {
      while ((await worker.runOnce()) > 0);
    } finally {
      await worker.stop();
    }
  };
  const answerOf = async (submissionId: string) =>
    (await t.adminQuery<{ status: string; attempts: number; last_error: string | null }>(
      `select status, attempts, last_error from outbox where kind = 'fit_connect_event' and payload->>'submissionId' = $1`, [submissionId]));

  it('an accepted submission gets one signed accept event after the case commit, with the authentication tags', async () => {
    const submission = await buildSubmission(keys.publicKey, { data: DATA, attachments: FILES });
    const id = api.add(submission);
    assert.equal(await poll(), 1);
    assert.equal(api.events.length, 0, 'nothing is sent from the receiving transaction');
    const [kase] = await t.adminQuery<{ id: string; case_number: string }>(`select id, case_number from cases where transaction_id = $1`, [id]);
    assert.ok(kase, 'the case committed before the answer');

    await deliver();
    await deliver();
    const events = api.eventsFor(id);
    assert.equal(events.length, 1);
    const [event] = events;
    assert.equal(event!.caseId, submission.caseId);
    assert.equal(event!.contentType, 'application/jose');
    assert.equal(event!.header.typ, 'secevent+jwt');
    assert.equal(event!.payload.iss, destinationId);
    assert.equal(event!.payload.txn, `case:${submission.caseId}`);
    assert.deepEqual(Object.keys(event!.payload.events), [ACCEPT]);
    const attachmentIds = Object.keys(submission.attachments);
    assert.deepEqual(event!.payload.events[ACCEPT], {
      authenticationTags: {
        metadata: tagOf(submission.metadata),
        data: tagOf(submission.data!),
        attachments: Object.fromEntries(attachmentIds.map((a) => [a, tagOf(submission.attachments[a]!)])),
      },
    });
    // Answered: the Submission API no longer offers it, a further poll fetches nothing.
    assert.equal(await poll(), 0);
    assert.equal(api.eventsFor(id).length, 1);
  });

  const rejections: Array<[string, () => Promise<Awaited<ReturnType<typeof buildSubmission>>>, string, (s: Awaited<ReturnType<typeof buildSubmission>>) => string, RegExp]> = [
    ['an attachment with a wrong hash', () => buildSubmission(keys.publicKey, { data: DATA, attachments: [{ ...FILES[1]!, tamper: true }] }), 'hash-mismatch', (s) => `attachment:${Object.keys(s.attachments)[0]}`, /Hashwert der Anlage „Personalausweis.png“/],
    ['form data with a wrong hash', () => buildSubmission(keys.publicKey, { data: DATA, attachments: [], dataHashWrong: true }), 'hash-mismatch', () => 'data', /Hashwert der Fachdaten/],
    ['metadata that violate the schema', () => buildSubmission(keys.publicKey, { data: DATA, attachments: [], metadataOverride: (m) => (m.contentStructure.data.hash.type = 'md5') }), 'schema-violation', () => 'metadata', /FIT-Connect-Schema/],
  ];
  for (const [name, build, type, instance, detail] of rejections) {
    it(`${name}: one reject event with the problem (type, instance, German detail)`, async () => {
      const submission = await build();
      const id = api.add(submission);
      const res = await h.app.inject({ method: 'POST', url: '/api/intake/fit-connect/submissions', headers: w.headers, payload: { destinationId, submissionIds: [id] } });
      assert.equal(res.json().items[0].status, 'rejected');
      await deliver();
      const events = api.eventsFor(id);
      assert.equal(events.length, 1);
      assert.equal(events[0]!.payload.txn, `case:${submission.caseId}`);
      const problems = events[0]!.payload.events[REJECT].problems as Array<{ type: string; title: string; detail: string; instance: string }>;
      assert.equal(problems.length, 1);
      assert.equal(problems[0]!.type, `https://schema.fitko.de/fit-connect/events/problems/${type}`);
      assert.equal(problems[0]!.instance, instance(submission));
      assert.match(problems[0]!.detail, detail);
      assert.ok(problems[0]!.title);
    });
  }

  it('while the Submission API is down the answer waits and is retried later; it arrives exactly once', async () => {
    const id = api.add(await buildSubmission(keys.publicKey, { data: DATA, attachments: FILES.slice(0, 1) }));
    assert.equal(await poll(), 1);
    api.down = true;
    await deliver();
    assert.equal(api.eventsFor(id).length, 0);
    const [waiting] = await answerOf(id);
    assert.equal(waiting!.status, 'pending');
    assert.equal(waiting!.attempts, 1);
    assert.match(waiting!.last_error ?? '', /HTTP 503/);
    await deliver();
    assert.equal((await answerOf(id))[0]!.attempts, 1, 'backoff: not retried before it is due');

    api.down = false;
    await t.adminQuery(`update outbox set next_attempt_at = now() where kind = 'fit_connect_event' and payload->>'submissionId' = $1`, [id]);
    await deliver();
    await deliver();
    assert.equal(api.eventsFor(id).length, 1);
    assert.equal(Object.keys(api.eventsFor(id)[0]!.payload.events)[0], ACCEPT);
    assert.equal((await answerOf(id))[0]!.status, 'delivered');
  });
});
