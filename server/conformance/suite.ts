// The Fachverfahren conformance suite: drives one test application through every client operation of
// a LIVE Amtsdesk, checks each answer against the OpenAPI document, every event against its schema,
// the event feed for gaps and catch-up, and (with a webhook endpoint) the Standard Webhooks signatures.
import { randomUUID } from 'node:crypto';
import { ConformanceApi } from './api.js';
import { WebhookReceiver } from './receiver.js';

export interface ConformanceOptions {
  url: string;
  clientId: string;
  clientSecret: string;
  /** An API key of the municipality with intake:submit, to submit the suite's own test application. */
  intakeToken: string;
  /** The LeiKa key of a service the client handles (the test application's service). */
  serviceKey: string;
  /**
   * An API key with scope cases:read for the event feed (GET /api/events): the feed lists every case
   * of the municipality, so it is open to API keys, not to a Fachverfahren's token.
   */
  feedToken: string;
  /** A decision template of that service; without it the decision is uploaded as a PDF. */
  templateId?: string;
  /** With a webhook endpoint registered for the receiver: its whsec_ secret and the port to listen on. */
  webhookSecret?: string;
  webhookPort?: number;
  webhookHost?: string;
  /** How long to wait for webhook deliveries (default 60 s). */
  webhookWaitMs?: number;
  log?: (line: string) => void;
}
export interface CheckResult { name: string; ok: boolean; problems: string[] }

/** Every operation a Fachverfahren uses (docs/integration.md, "Driving a case"). */
export const CLIENT_OPERATIONS: Array<[string, string]> = [
  ['POST', '/api/oauth/token'], ['GET', '/api/cases'], ['GET', '/api/cases/{id}'],
  ['GET', '/api/cases/{id}/attachments/{attachmentId}/content'], ['POST', '/api/cases/{id}/handover'],
  ['POST', '/api/cases/{id}/transitions'], ['POST', '/api/cases/{id}/notes'], ['POST', '/api/cases/{id}/follow-ups'],
  ['POST', '/api/cases/{id}/messages'], ['GET', '/api/cases/{id}/messages'], ['POST', '/api/cases/{id}/decisions'],
  ['POST', '/api/cases/{id}/decisions/{decisionId}/send'], ['POST', '/api/cases/{id}/handover/return'],
  ['GET', '/api/cases/{id}/events'], ['GET', '/api/events'],
];

const MINIMAL_PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

export async function runConformance(o: ConformanceOptions): Promise<CheckResult[]> {
  const log = o.log ?? (() => {});
  const api = new ConformanceApi(o.url.replace(/\/+$/, ''), o.clientId, o.clientSecret);
  const results: CheckResult[] = [];
  const check = async (name: string, body: (problems: string[]) => Promise<void>) => {
    const problems: string[] = [];
    try {
      await body(problems);
    } catch (error) {
      problems.push((error as Error).message);
    }
    results.push({ name, ok: problems.length === 0, problems });
    log(`${problems.length ? '✖' : '✔'} ${name}${problems.map((p) => `\n    – ${p}`).join('')}`);
    return problems.length === 0;
  };
  const expect = (problems: string[], cond: unknown, text: string) => {
    if (!cond) problems.push(text);
  };
  const conform = (problems: string[], method: string, template: string, answer: Awaited<ReturnType<ConformanceApi['call']>>, status: number) => {
    expect(problems, answer.status === status, `${method} ${template}: HTTP ${answer.status} statt ${status}: ${JSON.stringify(answer.body)?.slice(0, 300)}`);
    problems.push(...api.conforms(method, template, answer));
  };

  const receiver = o.webhookSecret && o.webhookPort !== undefined ? new WebhookReceiver(o.webhookSecret) : null;
  if (receiver) await receiver.start(o.webhookPort!, o.webhookHost);
  try {
    if (!(await check('OpenAPI-Dokument: jede Fachverfahren-Operation und jedes Ereignis ist beschrieben', async (p) => {
      const doc = await api.loadDocument();
      expect(p, /^3\.1/.test(doc.openapi), `openapi ${doc.openapi}, erwartet 3.1`);
      for (const [method, path] of CLIENT_OPERATIONS) expect(p, api.operation(method, path), `${method} ${path} fehlt`);
      expect(p, Object.keys(doc.webhooks ?? {}).length > 0, 'Abschnitt „webhooks“ (Ereigniskatalog) fehlt');
    }))) return results;

    await check('Token: falsches Geheimnis → 401 invalid_client; richtiges → Bearer-Token', async (p) => {
      const wrong = await api.requestToken('adks_falsch');
      expect(p, wrong.status === 401 && wrong.body?.error === 'invalid_client', `falsches Geheimnis: HTTP ${wrong.status} ${JSON.stringify(wrong.body)}`);
      const right = await api.requestToken();
      expect(p, right.status === 200 && right.body?.token_type === 'Bearer' && typeof right.body?.expires_in === 'number', `HTTP ${right.status} ${JSON.stringify(right.body)}`);
      await api.signIn();
    });

    const feed = (after: string, limit: number) => api.call('GET', `/api/events?after=${after}&limit=${limit}`, undefined, false, o.feedToken);
    let cursor = '0';
    for (let page = await feed('0', 1000); ; page = await feed(cursor, 1000)) {
      cursor = page.body?.nextCursor ?? cursor;
      if (!page.body?.hasMore) break;
    }

    // The suite's own test application, so no real case is touched.
    const transactionId = `conformance-${randomUUID()}`;
    const intake = await fetch(`${api.baseUrl}/api/intake/applications`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.intakeToken}` },
      body: JSON.stringify({
        transactionId, serviceKey: o.serviceKey, title: 'Konformitätstest (bitte ignorieren)',
        applicant: { kind: 'person', firstName: 'Erika', lastName: 'Mustermann', email: `konformitaet+${transactionId}@example.org`, address: { street: 'Teststraße', houseNumber: '1', postalCode: '24103', city: 'Kiel' } },
        formData: [{ name: 'hinweis', label: 'Hinweis', stringValue: 'Automatischer Konformitätstest' }],
      }),
    });
    const receipt = (await intake.json().catch(() => ({}))) as { caseId?: string };
    if (!(await check('Testantrag eingereicht (Eingangs-API)', async (p) => expect(p, intake.status === 201 && receipt.caseId, `HTTP ${intake.status} ${JSON.stringify(receipt)}`)))) return results;
    const caseUrl = `/api/cases/${receipt.caseId}`;
    let version = 0;

    await check('Vorgänge lesen: Liste und Einzelansicht, Formulardaten', async (p) => {
      const list = await api.call('GET', '/api/cases?limit=100');
      conform(p, 'GET', '/api/cases', list, 200);
      expect(p, list.body?.items?.some((c: { id: string }) => c.id === receipt.caseId), 'der Testvorgang fehlt in der Liste des Fachverfahrens');
      const one = await api.call('GET', caseUrl);
      conform(p, 'GET', '/api/cases/{id}', one, 200);
      expect(p, one.body?.formData?.[0]?.stringValue === 'Automatischer Konformitätstest', 'Formulardaten fehlen');
      version = one.body?.version;
      const stranger = await api.call('GET', `/api/cases/${randomUUID()}`);
      expect(p, stranger.status === 404, `unbekannter Vorgang: HTTP ${stranger.status} statt 404`);
    });

    await check('Übernehmen („an Fachverfahren übergeben“); abweichende Version → 409, nichts ändert sich', async (p) => {
      const stale = await api.call('POST', `${caseUrl}/handover`, { version: version + 1 });
      expect(p, stale.status === 409 && stale.body?.code === 'version_conflict', `veraltete Version: HTTP ${stale.status} ${stale.body?.code}`);
      const taken = await api.call('POST', `${caseUrl}/handover`, { version });
      conform(p, 'POST', '/api/cases/{id}/handover', taken, 200);
      expect(p, taken.body?.handedOverTo?.exclusive === true, 'handedOverTo fehlt');
      version = taken.body?.version ?? version;
    });

    await check('Status setzen (accept, start)', async (p) => {
      for (const action of ['accept', 'start']) {
        const moved = await api.call('POST', `${caseUrl}/transitions`, { action, version });
        conform(p, 'POST', '/api/cases/{id}/transitions', moved, 200);
        version = moved.body?.version ?? version;
      }
    });

    await check('Notiz anlegen; Wiedervorlage mit unbekannter Person → Problem (4xx), nichts angelegt', async (p) => {
      conform(p, 'POST', '/api/cases/{id}/notes', await api.call('POST', `${caseUrl}/notes`, { body: 'Konformitätstest: Notiz' }), 201);
      const bad = await api.call('POST', `${caseUrl}/follow-ups`, { dueDate: '2999-01-15', subject: 'Konformitätstest', ownerId: randomUUID() });
      expect(p, bad.status >= 400 && bad.status < 500 && typeof bad.body?.code === 'string' && typeof bad.body?.detail === 'string', `HTTP ${bad.status} ${JSON.stringify(bad.body)}`);
    });

    await check('Nachricht an die antragstellende Person senden und den Verlauf lesen', async (p) => {
      const sent = await api.call('POST', `${caseUrl}/messages`, { subject: 'Konformitätstest', body: 'Automatische Testnachricht.' });
      conform(p, 'POST', '/api/cases/{id}/messages', sent, 201);
      const thread = await api.call('GET', `${caseUrl}/messages`);
      conform(p, 'GET', '/api/cases/{id}/messages', thread, 200);
      expect(p, thread.body?.items?.some((m: { id: string }) => m.id === sent.body?.id), 'die Nachricht fehlt im Verlauf');
    });

    await check('Bescheid erstellen und versenden', async (p) => {
      let drafted;
      if (o.templateId) drafted = await api.call('POST', `${caseUrl}/decisions`, { source: 'template', templateId: o.templateId });
      else drafted = await uploadDecision(api, caseUrl);
      conform(p, 'POST', '/api/cases/{id}/decisions', drafted, 201);
      version = (await api.call('GET', caseUrl)).body?.version ?? version;
      const sent = await api.call('POST', `${caseUrl}/decisions/${drafted.body?.id}/send`, { version });
      conform(p, 'POST', '/api/cases/{id}/decisions/{decisionId}/send', sent, 200);
      version = (await api.call('GET', caseUrl)).body?.version ?? version;
    });

    await check('Abschließen und an den Schreibtisch zurückgeben', async (p) => {
      const closed = await api.call('POST', `${caseUrl}/transitions`, { action: 'close', version });
      conform(p, 'POST', '/api/cases/{id}/transitions', closed, 200);
      expect(p, closed.body?.status === 'closed', `Status ${closed.body?.status}`);
      const back = await api.call('POST', `${caseUrl}/handover/return`, { version: closed.body?.version });
      conform(p, 'POST', '/api/cases/{id}/handover/return', back, 200);
      expect(p, back.body?.handedOverTo === null, 'handedOverTo ist nach der Rückgabe nicht null');
    });

    await check('Verlauf nennt das Fachverfahren bei jedem Schritt', async (p) => {
      const history = await api.call('GET', `${caseUrl}/events`);
      conform(p, 'GET', '/api/cases/{id}/events', history, 200);
      const mine = (history.body?.items ?? []).filter((e: { actor?: { kind?: string } }) => e.actor?.kind === 'client').map((e: { type: string }) => e.type);
      for (const type of ['case.handed_over', 'case.status_changed', 'note.added', 'message.sent', 'decision.sent', 'case.returned']) expect(p, mine.includes(type), `kein Eintrag ${type} des Fachverfahrens`);
    });

    const caseEvents: any[] = [];
    await check('Ereignis-Feed: lückenlos, seitenweise nachholbar, jedes Ereignis passt zu seinem Schema', async (p) => {
      const all: any[] = [];
      let after = cursor;
      for (let i = 0; i < 1000; i++) {
        const page = await feed(after, 2);
        conform(p, 'GET', '/api/events', page, 200);
        all.push(...(page.body?.items ?? []));
        if (!page.body?.hasMore) break;
        after = page.body.nextCursor;
      }
      const once = await feed(cursor, 1000);
      expect(p, JSON.stringify(once.body?.items?.map((e: { id: string }) => e.id)) === JSON.stringify(all.map((e) => e.id)), 'seitenweises Nachholen liefert andere Ereignisse als eine Abfrage');
      for (let i = 1; i < all.length; i++) expect(p, all[i].sequence > all[i - 1].sequence, `Reihenfolge: ${all[i - 1].sequence} vor ${all[i].sequence}`);
      caseEvents.push(...all.filter((e) => e.caseId === receipt.caseId));
      const types = caseEvents.map((e) => e.type);
      for (const type of ['case.created', 'case.handed_over', 'case.status_changed', 'decision.sent']) expect(p, types.includes(type), `Ereignis ${type} fehlt im Feed`);
      for (const event of all) {
        const schema = api.doc.webhooks?.[`${event.type}.v${event.version}`]?.post?.requestBody?.content?.['application/json']?.schema;
        if (!schema) p.push(`Ereignis ${event.type} v${event.version} hat kein Schema im OpenAPI-Dokument`);
        else p.push(...api.validate(schema, event).map((e) => `${event.type}: ${e}`));
      }
    });

    if (receiver) {
      await check('Webhooks: jedes Ereignis des Testvorgangs kam an, je Vorgang in Reihenfolge, Signaturen nach Standard Webhooks gültig', async (p) => {
        const wanted = new Set(caseEvents.map((e) => e.id));
        const deadline = Date.now() + (o.webhookWaitMs ?? 60_000);
        const arrived = () => new Set(receiver.deliveries.filter((d) => d.signatureValid).map((d) => d.id));
        while ([...wanted].some((id) => !arrived().has(id)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
        for (const id of wanted) expect(p, arrived().has(id), `Ereignis ${id} kam nicht (gültig signiert) an`);
        expect(p, receiver.deliveries.every((d) => d.signatureValid), 'eine Zustellung hatte keine gültige Signatur');
        expect(p, receiver.deliveries.every((d) => Math.abs(Date.now() / 1000 - d.timestamp) < 600), 'webhook-timestamp weicht mehr als 10 Minuten ab');
        const forCase = receiver.deliveries.filter((d) => d.event?.caseId === receipt.caseId).map((d) => d.event.sequence as number);
        const firsts = forCase.filter((s, i) => forCase.indexOf(s) === i);
        for (let i = 1; i < firsts.length; i++) expect(p, firsts[i]! > firsts[i - 1]!, `Webhook-Reihenfolge: ${firsts[i - 1]} vor ${firsts[i]}`);
        expect(p, receiver.deliveries.every((d) => d.id === d.event?.id), 'webhook-id ist nicht die Ereignis-id');
      });
    }
    return results;
  } finally {
    await receiver?.stop();
  }
}

async function uploadDecision(api: ConformanceApi, caseUrl: string) {
  const boundary = `----conformance${randomUUID()}`;
  const part = (headers: string, content: Buffer | string) => Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')]);
  const body = Buffer.concat([
    part('Content-Disposition: form-data; name="kind"', 'approval'),
    part('Content-Disposition: form-data; name="file"; filename="Bescheid.pdf"\r\nContent-Type: application/pdf', MINIMAL_PDF),
    Buffer.from(`--${boundary}--\r\n`),
  ]);
  const res = await fetch(`${api.baseUrl}${caseUrl}/decisions`, { method: 'POST', headers: { authorization: `Bearer ${await tokenOf(api)}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, body });
  return { status: res.status, body: await res.json().catch(() => null), headers: res.headers };
}

async function tokenOf(api: ConformanceApi): Promise<string> {
  const answer = await api.requestToken();
  return answer.body?.access_token;
}
