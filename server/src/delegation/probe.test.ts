import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachDatabase } from '../../test/db.js';
import { call } from '../../test/case-kit.js';
import { acceptedAgreement, applyToAdorf, delegationWorld, type DelegationWorld } from '../../test/delegation-kit.js';
import { DELEGABLE } from './access.js';

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Schema = { type?: string | string[]; format?: string; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[];
  anyOf?: Schema[]; items?: Schema; minItems?: number; minimum?: number; const?: unknown; pattern?: string; minLength?: number };

/** A small valid value for a JSON Schema, so writes reach their handler instead of stopping at validation. */
function sample(schema: Schema | undefined, ids: { any: string }): unknown {
  if (!schema) return undefined;
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sample(schema.anyOf[0], ids);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'object': return Object.fromEntries((schema.required ?? []).map((k) => [k, sample(schema.properties?.[k], ids)]));
    case 'array': return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, ids));
    case 'integer': case 'number': return schema.minimum ?? 1;
    case 'boolean': return false;
    case 'string':
      if (schema.format === 'uuid') return ids.any;
      if (schema.format === 'date' || schema.pattern?.includes('\\d{4}-\\d{2}-\\d{2}')) return new Date().toISOString().slice(0, 10);
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'email') return 'probe@example.org';
      if (schema.format === 'uri') return 'https://example.org/';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
    default: return undefined;
  }
}

// Streams and sign-out would end the probe's own session or never answer.
const SKIP = new Set(['GET /api/live', 'POST /api/auth/logout']);

describeEachDatabase('delegation: cross-tenant probe over every OpenAPI path', (t) => {
  let w: DelegationWorld;
  before(async () => {
    w = await delegationWorld(t);
  });
  after(() => w.api.close());

  it("as B, every path with A's ids outside the agreement finds nothing and changes nothing; on the shared case only case work reaches it", async () => {
    const agreement = await acceptedAgreement(w, 'assistance');
    const shared = await applyToAdorf(w, '99050012104000', 'Teilbar');
    const secret = await applyToAdorf(w, '99050012104000', 'Geheimnisträger');
    assert.equal((await call(w.app, 'POST', `/api/cases/${shared.id}/delegation-grants`, w.h.aWorker, { agreementId: agreement.id })).status, 201);
    let version = 1;
    for (const action of ['accept', 'start']) {
      const moved = await call(w.app, 'POST', `/api/cases/${secret.id}/transitions`, w.h.aWorker, { action, version });
      assert.equal(moved.status, 200);
      version = moved.body.version;
    }
    const note = await call(w.app, 'POST', `/api/cases/${secret.id}/notes`, w.h.aWorker, { body: 'Streng vertrauliche Notiz' });
    const decision = await call(w.app, 'POST', `/api/cases/${secret.id}/decisions`, w.h.aWorker, { source: 'template', templateId: w.templateId });
    assert.equal(decision.status, 201, JSON.stringify(decision.body));
    const before = await t.adminQuery('select status, version, updated_at from cases where id = $1', [secret.id]);
    const countsOf = () => t.adminQuery(`select (select count(*) from case_events where case_id = $1)::int as events,
      (select count(*) from notes where case_id = $1)::int as notes, (select count(*) from decisions where case_id = $1)::int as decisions,
      (select count(*) from case_grants where case_id = $1)::int as grants`, [secret.id]);
    const countsBefore = await countsOf();

    const doc = (await call(w.app, 'GET', '/api/openapi.json', {})).body as { paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>> };
    const markers = [secret.caseNumber, 'Geheimnisträger', 'Streng vertrauliche Notiz'];
    const byName = (path: string, name: string): string => {
      if (name === 'noteId') return note.body.id;
      if (name === 'decisionId') return decision.body.id;
      if (path.startsWith('/api/admin/users') || name === 'userId') return w.people.aWorker.id;
      if (path.startsWith('/api/admin/org-units') || name === 'orgUnitId') return w.aUnit.id;
      if (path.startsWith('/api/admin/services') || name === 'serviceId') return w.aService.id;
      if (path.includes('template')) return w.templateId;
      return secret.id;
    };
    const findings: string[] = [];
    let probed = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [lower, op] of Object.entries(item)) {
        const method = lower.toUpperCase() as Method;
        if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
        const route = path.replace(/\{(\w+)\}/g, ':$1');
        if (SKIP.has(`${method} ${route}`)) continue;
        const hasParams = path.includes('{');
        const body = ['POST', 'PUT', 'PATCH'].includes(method)
          ? sample(op.requestBody?.content?.['application/json']?.schema, { any: secret.id }) ?? {} : undefined;
        // 1. A's ids outside the agreement.
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => byName(path, name));
        const res = await call(w.app, method, url, w.h.bAdmin, body);
        probed++;
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        if (markers.some((m) => text.includes(m))) findings.push(`${method} ${url}: ${res.status} shows A's data`);
        if (hasParams && res.status >= 200 && res.status < 300) findings.push(`${method} ${url}: ${res.status} for A's ids`);
        // 2. The shared case on a path that is not case work (or with A's other ids under it).
        if (route.startsWith('/api/cases/:id')) {
          const onShared = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? shared.id : byName(path, name)));
          const viaShare = await call(w.app, method, onShared, w.h.bAdmin, body);
          probed++;
          const shown = typeof viaShare.body === 'string' ? viaShare.body : JSON.stringify(viaShare.body);
          if (markers.some((m) => shown.includes(m))) findings.push(`${method} ${onShared}: ${viaShare.status} shows A's other data`);
          const otherIds = route !== '/api/cases/:id' && /\{(?!id\})/.test(path);
          if ((otherIds || !DELEGABLE.has(`${method} ${route}`)) && viaShare.status >= 200 && viaShare.status < 300) {
            findings.push(`${method} ${onShared}: ${viaShare.status} on the shared case beyond case work`);
          }
        }
      }
    }
    assert.ok(probed > 150, `probed ${probed} requests`);
    assert.deepEqual(findings, []);
    assert.deepEqual(await t.adminQuery('select status, version, updated_at from cases where id = $1', [secret.id]), before);
    assert.deepEqual(await countsOf(), countsBefore, 'nothing changed on A\'s other case');
    // The probe ran signed in all along: B still sees the shared case.
    const desk = await call(w.app, 'GET', '/api/delegated-cases', w.h.bAdmin);
    assert.deepEqual(desk.body.items.map((c: { id: string }) => c.id), [shared.id]);
  });
});
