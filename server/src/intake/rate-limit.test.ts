import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, type TestApp } from '../../test/app.js';
import { tokenHeaders } from '../../test/app.js';
import { loadConfig } from '../config.js';
import { LEIKA_HUND, dogTaxForm, intakeWorld, platformHeaders, storedCounts } from '../../test/intake-kit.js';
import { depositEnvelope } from '../../test/fixtures/intelliform.js';

const application = (ags?: string) => ({
  transactionId: `limit-${Math.random().toString(36).slice(2)}`,
  serviceKey: LEIKA_HUND,
  ...(ags ? { authority: ags } : {}),
  title: 'Hundesteuer: Anmeldung',
  applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller', email: 'j.mueller@example.org' },
  formData: dogTaxForm(),
});

describeEachDatabase('intake is limited per sender token and second', (t) => {
  let h: TestApp;
  before(async () => {
    h = await createTestApp(t.db, { rateLimits: { ...loadConfig({}).rateLimits, intakePerTokenPerSecond: 3 } });
  });
  after(async () => h?.close());

  const submit = (headers: Record<string, string>, body = application()) =>
    h.app.inject({ method: 'POST', url: '/api/intake/applications', headers, payload: body });

  it('a burst past the limit gets 429 with Retry-After, and nothing of the refused submissions is stored', async () => {
    const w = await intakeWorld(t, { ags: '01002011' });
    const before = await storedCounts(t);
    const results = await Promise.all(Array.from({ length: 12 }, () => submit(w.headers)));
    const accepted = results.filter((r) => r.statusCode === 201);
    const refused = results.filter((r) => r.statusCode === 429);
    assert.equal(accepted.length + refused.length, 12, results.map((r) => `${r.statusCode} ${r.body}`).join('\n'));
    assert.ok(refused.length >= 1, 'twelve at once with a limit of three per second');
    assert.ok(accepted.length >= 3, 'the first three of a second get through');
    assert.equal(refused[0]!.json().code, 'rate_limited');
    assert.match(refused[0]!.json().detail, /^Zu viele Einreichungen mit diesem Zugang\. Bitte warten Sie 1 Sekunde/);
    assert.equal(refused[0]!.headers['retry-after'], '1');
    assert.equal((await storedCounts(t)).cases - before.cases, accepted.length);
    // Another token of the same municipality has its own budget.
    const other = await tokenHeaders(t.db, w.tenant.id, ['intake:submit']);
    assert.equal((await submit(other)).statusCode, 201);
    // A second later the token may submit again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await submit(w.headers)).statusCode, 201);
  });

  it('platform intake tokens (form servers for many municipalities) are limited the same way', async () => {
    await intakeWorld(t, { ags: '01002012' });
    const headers = await platformHeaders(t);
    const results = await Promise.all(Array.from({ length: 12 }, () => submit(headers, application('01002012'))));
    assert.ok(results.some((r) => r.statusCode === 429), results.map((r) => r.statusCode).join(','));
    assert.ok(results.every((r) => r.statusCode === 201 || r.statusCode === 429), results.map((r) => `${r.statusCode} ${r.body}`).join('\n'));
  });

  it('intelliForm SOAP senders (token in WS-Security) get a SOAP fault with HTTP 429 and Retry-After', async () => {
    const w = await intakeWorld(t, { ags: '09162000', leikaKey: '99104005000000' });
    const token = w.headers.authorization!.slice('Bearer '.length);
    const deposit = (i: number) => h.app.inject({
      method: 'POST', url: '/api/intake/intelliform', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '""' },
      payload: depositEnvelope({ id: `if-limit-${i}-${Math.random().toString(36).slice(2)}`, token }),
    });
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => deposit(i)));
    const refused = results.filter((r) => r.statusCode === 429);
    assert.ok(refused.length >= 1, results.map((r) => r.statusCode).join(','));
    assert.ok(results.every((r) => r.statusCode === 200 || r.statusCode === 429), results.map((r) => `${r.statusCode} ${r.body.slice(0, 300)}`).join('\n'));
    assert.match(refused[0]!.body, /Fault/);
    assert.match(refused[0]!.body, /Zu viele Einreichungen mit diesem Zugang/);
    assert.equal(refused[0]!.headers['retry-after'], '1');
  });
});
