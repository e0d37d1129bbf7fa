import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp, sessionHeaders, type TestApp } from '../../test/app.js';
import { createCase, createUser } from '../../test/factories.js';
import { intakeWorld, multipart, ozgDocument, PDF } from '../../test/intake-kit.js';
import { depositEnvelope } from '../../test/fixtures/intelliform.js';

/** Every table odd input could reach. */
const TABLES = ['cases', 'attachments', 'unrouted_submissions', 'outbox', 'notes', 'case_events', 'messages', 'portal_login_links', 'sessions'];
const GERMAN = /[äöüß]|\b(die|der|das|ist|nicht|enthält|bitte|eine?)\b/i;
const STACK = /\bat .+:\d+:\d+|node_modules|\.ts:\d+|Error:/;

interface Attack {
  name: string;
  method?: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: string | Buffer;
  /** intelliForm answers with a SOAP fault instead of problem+json. */
  soap?: boolean;
}

/** Sends raw bytes over a socket: for what Node's HTTP parser refuses before any route runs. */
function raw(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

describeEachDatabase('odd input: every route answers a German 4xx and stores nothing', (t) => {
  let h: TestApp;
  let port: number;
  let attacks: Attack[];
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of TABLES) out[table] = Number((await t.adminQuery<{ n: string }>(`select count(*)::int as n from ${table}`))[0]!.n);
    return out;
  };

  before(async () => {
    h = await createTestApp(t.db);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    port = (h.app.server.address() as { port: number }).port;
    const w = await intakeWorld(t, { ags: '09162000', leikaKey: '99104005000000' });
    const user = await createUser(t.db, { tenant: w.tenant, roles: ['admin'] });
    const session = { ...(await sessionHeaders(t.db, user)), 'content-type': 'application/json' };
    const kase = await createCase(t.db, { tenant: w.tenant, serviceId: w.service.id, orgUnitId: w.unit.id });
    const intake = { ...w.headers, 'content-type': 'application/json' };
    const soap = (xml: string | Buffer): Attack => ({ name: '', method: 'POST', url: '/api/intake/intelliform', headers: { ...w.headers, 'content-type': 'text/xml; charset=utf-8' }, payload: xml, soap: true });
    const native = (mutate: (doc: Record<string, any>) => void) => {
      const doc: Record<string, any> = { transactionId: `t-${Math.random()}`, serviceKey: '99104005000000', authority: '09162000', applicant: { kind: 'person', firstName: 'Anna', lastName: 'Schmidt' }, formData: [{ name: 'x', label: 'X', stringValue: 'y' }] };
      mutate(doc);
      return JSON.stringify(doc);
    };
    const ozg = (parts: Parameters<typeof multipart>[0]) => {
      const body = multipart(parts);
      return { headers: { ...w.headers, ...body.headers }, payload: body.payload };
    };
    /** The file name as raw bytes in the part header (the multipart helper would encode it as UTF-8). */
    const rawName = (body: { headers: Record<string, string>; payload: Buffer }, bytes: number[]) => {
      const at = body.payload.indexOf('@@NAME@@');
      return { ...body, payload: Buffer.concat([body.payload.subarray(0, at), Buffer.from(bytes), body.payload.subarray(at + 8)]) };
    };
    const ozgForm = (formData: unknown[]) => JSON.stringify(ozgDocument({ control: { zustaendigeStelle: '09162000', leikaIds: ['99104005000000'] }, formData }));
    const caseUrl = `/api/cases/${kase.id}`;
    const transition = (reason: string) => `{"action":"accept","version":1,"reason":"${reason}"}`;

    attacks = [
      // Query strings and paths
      { name: 'case list: NUL in the search text', url: '/api/cases?q=M%00ller', headers: session },
      { name: 'case list: an encoded lone surrogate in the search text', url: '/api/cases?q=%ED%A0%80', headers: session },
      { name: 'case list: broken percent-encoding', url: '/api/cases?q=%E0%A4%A', headers: session },
      { name: 'case list: an impossible date', url: '/api/cases?receivedFrom=2026-02-30', headers: session },
      { name: 'case list: a number like 1e309', url: '/api/cases?limit=1e309', headers: session },
      { name: 'case detail: broken percent-encoding in the path', url: '/api/cases/%E0%A4%A', headers: session },
      { name: 'case detail: NUL in the path', url: '/api/cases/%00', headers: session },
      { name: 'an overlong path (10,000 characters)', url: `/api/cases/${'a'.repeat(10_000)}`, headers: session },
      // JSON bodies
      { name: 'case transition: NUL in the reason', method: 'POST', url: `${caseUrl}/transitions`, headers: session, payload: transition('a\\u0000b') },
      { name: 'case transition: a lone surrogate in the reason', method: 'POST', url: `${caseUrl}/transitions`, headers: session, payload: transition('a\\ud800b') },
      { name: 'case transition: version 1e309', method: 'POST', url: `${caseUrl}/transitions`, headers: session, payload: '{"action":"accept","version":1e309}' },
      { name: 'case transition: a __proto__ key', method: 'POST', url: `${caseUrl}/transitions`, headers: session, payload: '{"action":"accept","version":1,"__proto__":{"admin":true}}' },
      { name: 'note: NUL in the text', method: 'POST', url: `${caseUrl}/notes`, headers: session, payload: '{"body":"Notiz\\u0000"}' },
      { name: 'note: a lone surrogate in the text', method: 'POST', url: `${caseUrl}/notes`, headers: session, payload: '{"body":"Notiz \\udc00"}' },
      { name: 'note: malformed JSON', method: 'POST', url: `${caseUrl}/notes`, headers: session, payload: '{"body": "Notiz' },
      { name: 'note: invalid UTF-8 bytes', method: 'POST', url: `${caseUrl}/notes`, headers: session, payload: Buffer.concat([Buffer.from('{"body":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]) },
      { name: 'note: unsupported media type', method: 'POST', url: `${caseUrl}/notes`, headers: { ...session, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'body=x' },
      { name: 'note: a body over the limit', method: 'POST', url: `${caseUrl}/notes`, headers: session, payload: `{"body":"${'x'.repeat(6 * 1024 * 1024)}"}` },
      { name: 'login: NUL in the e-mail address', method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"tenant":"kiel","email":"a\\u0000@example.org","password":"x"}' },
      { name: 'login: a lone surrogate in the password', method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"tenant":"kiel","email":"a@example.org","password":"\\ud800"}' },
      { name: 'portal sign-in link: NUL in the address', method: 'POST', url: '/api/portal/login-links', headers: { 'content-type': 'application/json' }, payload: '{"email":"anna\\u0000@example.org"}' },
      // Intake channels
      { name: 'native intake: NUL in a field', method: 'POST', url: '/api/intake/applications', headers: intake, payload: native((d) => (d.applicant.lastName = 'Sch\u0000midt')) },
      { name: 'native intake: an impossible date', method: 'POST', url: '/api/intake/applications', headers: intake, payload: native((d) => (d.formData = [{ name: 'geboren', label: 'Geboren', dateValue: '2026-02-30' }])) },
      { name: 'native intake: numberValue 1e309', method: 'POST', url: '/api/intake/applications', headers: intake, payload: native((d) => (d.formData = [{ name: 'n', label: 'N', numberValue: 1 }])).replace('"numberValue":1', '"numberValue":1e309') },
      { name: 'native intake multipart: NUL in the application part', method: 'POST', url: '/api/intake/applications', ...ozg([{ name: 'application', contentType: 'application/json', data: native((d) => (d.applicant.firstName = 'A\u0000')) }]) },
      { name: 'native intake multipart: a file name that cannot be decoded', method: 'POST', url: '/api/intake/applications', ...rawName(ozg([{ name: 'application', contentType: 'application/json', data: native(() => undefined) }, { name: 'attachment', filename: '@@NAME@@', data: PDF }]), [0x42, 0xff, 0xfe, 0x2e, 0x70, 0x64, 0x66]) },
      { name: 'OZG /antrag: an impossible date', method: 'POST', url: '/antrag', ...ozg([{ name: 'formData', contentType: 'application/json', data: ozgForm([{ name: 'd', label: 'Datum', dateValue: '2026-02-30' }]) }]) },
      { name: 'OZG /antrag: a file name that cannot be decoded', method: 'POST', url: '/antrag', ...rawName(ozg([{ name: 'formData', contentType: 'application/json', data: ozgForm([{ name: 'a', label: 'A', stringValue: 'b' }]) }, { name: 'attachment', filename: '@@NAME@@', data: PDF }]), [0x41, 0xc3, 0x28, 0x2e, 0x70, 0x64, 0x66]) },
      { name: 'OZG /antrag: NUL in the query', method: 'POST', url: '/antrag?x=%00', ...ozg([{ name: 'formData', contentType: 'application/json', data: ozgForm([]) }]) },
      { name: 'FIT-Connect notice: NUL in the type', method: 'POST', url: '/api/intake/fit-connect/submissions', headers: intake, payload: '{"type":"\\u0000","destinationId":"0190f0f0-0000-7000-8000-000000000000","submissionIds":["0190f0f0-0000-7000-8000-000000000001"]}' },
      { name: 'FIT-Connect notice: a lone surrogate in an id', method: 'POST', url: '/api/intake/fit-connect/submissions', headers: intake, payload: '{"destinationId":"\\udbff","submissionIds":["0190f0f0-0000-7000-8000-000000000001"]}' },
      { ...soap(Buffer.from(depositEnvelope().replace('<formId>', '<formId>\u0000'))), name: 'intelliForm: NUL in the envelope' },
      { ...soap(Buffer.concat([Buffer.from(depositEnvelope().slice(0, 200)), Buffer.from([0xff, 0xfe]), Buffer.from(depositEnvelope().slice(200))])), name: 'intelliForm: invalid UTF-8 in the envelope' },
      { ...soap(depositEnvelope().replace(/<id>if-[^<]*<\/id>/, '<id>if-1</id>').replace('<content>', '<content>!!')), name: 'intelliForm: broken base64' },
      { ...soap(depositEnvelope({ primaryXml: '<Antrag><Datum>2026-02-30</Datum><Zahl>1e309</Zahl></Antrag>', customParameters: { leikaId: '99104005000000' } }).replace('<ns:deposit>', '<ns:deposit>').replace('</soapenv:Envelope>', '</soapenv:Envelope><x/>')), name: 'intelliForm: a second root element' },
      { ...soap(depositEnvelope()), url: '/api/intake/intelliform?x=%ED%A0%80', name: 'intelliForm: a lone surrogate in the query' },
    ];
  });
  after(async () => h.close());

  it('each attack answers 4xx in German, without a stack trace, and stores nothing', async () => {
    for (const attack of attacks) {
      const before = await counts();
      const res = await h.app.inject({ method: attack.method ?? 'GET', url: attack.url, headers: attack.headers, payload: attack.payload });
      const label = `${attack.name}: ${res.statusCode} ${res.body.slice(0, 300)}`;
      assert.ok(res.statusCode >= 400 && res.statusCode < 500 || (attack.soap && res.statusCode === 500 && /soap:Client/.test(res.body)), label);
      assert.doesNotMatch(res.body, STACK, label);
      if (attack.soap) {
        assert.match(String(res.headers['content-type']), /text\/xml/, label);
        const message = /<faultstring[^>]*>([^<]*)<\/faultstring>/.exec(res.body)?.[1] ?? '';
        assert.match(message, GERMAN, label);
        assert.doesNotMatch(res.body, /internen Fehlers/, label);
      } else {
        assert.match(String(res.headers['content-type']), /application\/problem\+json/, label);
        const problem = res.json();
        assert.match(problem.code, /^[a-z_]+$/, label);
        assert.match(problem.detail, GERMAN, label);
      }
      assert.deepEqual(await counts(), before, `${attack.name}: nothing stored`);
    }
  });

  it("what Node refuses before routing (overlong address, huge headers, a NUL in a header) is answered as German problem+json", async () => {
    const cases: Array<[string, string, number, string]> = [
      ['an address over 16 KB', `GET /api/cases?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 'uri_too_long'],
      ['headers over 16 KB', `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Filler: ${'a'.repeat(20_000)}\r\n\r\n`, 431, 'headers_too_large'],
      ['a NUL in a header', `POST /api/intake/applications HTTP/1.1\r\nHost: x\r\nX-Intake-Token: adkp_\u0000x\r\nContent-Length: 0\r\n\r\n`, 400, 'bad_request'],
      ['no HTTP at all', 'HELLO\r\n\r\n', 400, 'bad_request'],
    ];
    for (const [name, request, status, code] of cases) {
      const answer = await raw(port, request);
      const [head, body] = [answer.slice(0, answer.indexOf('\r\n\r\n')), answer.slice(answer.indexOf('\r\n\r\n') + 4)];
      assert.match(head, new RegExp(`^HTTP/1.1 ${status} `), `${name}: ${answer.slice(0, 200)}`);
      assert.match(head, /content-type: application\/problem\+json/i, name);
      const problem = JSON.parse(body);
      assert.equal(problem.code, code, name);
      assert.match(problem.detail, GERMAN, name);
    }
  });
});
