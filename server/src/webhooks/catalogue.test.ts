import { it } from 'node:test';
import assert from 'node:assert/strict';
import { FormatRegistry } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { describeEachDatabase } from '../../test/db.js';
import { createTestApp } from '../../test/app.js';
import { EVENT_TYPES } from '../events/types.js';
import { catalogueEntryOf, EVENT_CATALOGUE } from './catalogue.js';
import { envelopeOf, eventSchemaOf, schemaNameOf } from './envelope.js';

describeEachDatabase('event catalogue', (t) => {
  it('the database maps every chain type to the same catalogue type as the server (migration 0049 and catalogue.ts)', async () => {
    const chainTypes = [...new Set<string>([...EVENT_TYPES, ...EVENT_CATALOGUE.flatMap((e) => e.sources)])];
    const rows = await t.adminQuery<{ chain: string; catalogue: string | null }>(
      `select c as chain, webhook_event_type(c) as catalogue from unnest(string_to_array($1, ',')) c`, [chainTypes.join(',')],
    );
    const differing = rows.filter((r) => r.catalogue !== (catalogueEntryOf(r.chain)?.type ?? null));
    assert.deepEqual(differing, []);
  });

  it('the OpenAPI document has a JSON Schema per event and version and a signed webhook for each', async () => {
    const { app, close } = await createTestApp(t.db);
    try {
      const doc = app.swagger() as { webhooks: Record<string, { post: { requestBody: { content: Record<string, { schema: { $ref: string } }> }; parameters: Array<{ name: string }> } }>; components: { schemas: Record<string, unknown> } };
      for (const entry of EVENT_CATALOGUE) {
        const hook = doc.webhooks[`${entry.type}.v${entry.version}`];
        assert.ok(hook, `webhook ${entry.type} v${entry.version}`);
        assert.equal(hook.post.requestBody.content['application/json']!.schema.$ref, `#/components/schemas/${schemaNameOf(entry)}`);
        assert.deepEqual(hook.post.parameters.map((p) => p.name), ['webhook-id', 'webhook-timestamp', 'webhook-signature']);
        assert.ok(doc.components.schemas[schemaNameOf(entry)]);
      }
      assert.deepEqual(EVENT_CATALOGUE.map((e) => e.type).sort(), [
        'case.assigned', 'case.changed', 'case.created', 'case.deleted', 'case.handed_over', 'case.status_changed',
        'decision.released', 'decision.sent', 'message.received',
      ]);
    } finally {
      await close();
    }
  });
});

it('an envelope carries ids and metadata only: no names, no subjects, no free text, no applicant id', () => {
  const row = (type: string, data: Record<string, unknown>, actor: { kind: string; id: string | null } = { kind: 'user', id: '0190b3c2-0000-7000-8000-000000000001' }) => ({
    id: '0190b3c2-0000-7000-8000-0000000000aa', tenant_id: '0190b3c2-0000-7000-8000-0000000000bb', seq: 7, case_id: '0190b3c2-0000-7000-8000-0000000000cc',
    type, actor_kind: actor.kind, actor_id: actor.id, data, occurred_at: new Date('2026-12-07T10:00:00Z'),
  });
  const samples = [
    row('case.assigned', { assignee: { from: null, to: { id: '0190b3c2-0000-7000-8000-000000000002', name: 'Erika Mustermann' } } }),
    row('message.received', { messageId: '0190b3c2-0000-7000-8000-000000000003', subject: 'Meine Scheidung', channel: 'portal', attachments: [{ id: 'x', fileName: 'Attest Anna Schmidt.pdf' }] }, { kind: 'applicant', id: '0190b3c2-0000-7000-8000-000000000004' }),
    row('case.applicant_corrected', { field: 'lastName', reason: 'Frau Schmidt heißt jetzt Meier', formFieldsCorrected: ['name'] }),
    row('case.status_changed', { status: { from: 'new', to: 'rejected' }, reason: { from: null, to: 'Anna Schmidt hat keine Unterlagen' } }),
    row('case.purged', { caseNumber: 'X-1', reason: 'Aussonderung', approvedBy: [{ name: 'Erika Mustermann' }] }),
  ];
  const texts = samples.map((r) => JSON.stringify(envelopeOf(r)));
  for (const text of texts) {
    assert.doesNotMatch(text, /Mustermann|Schmidt|Meier|Scheidung|Attest/);
  }
  const received = envelopeOf(samples[1]!)!;
  assert.equal(received.actor.id, null, 'an applicant is not identified');
  assert.deepEqual(received.data, { messageId: '0190b3c2-0000-7000-8000-000000000003', channel: 'portal', attachmentCount: 1 });
  assert.deepEqual(envelopeOf(samples[0]!)!.data, { assigneeId: '0190b3c2-0000-7000-8000-000000000002', previousAssigneeId: null });
  assert.deepEqual(envelopeOf(samples[2]!)!.data, { fields: ['lastName'] });
  // Each envelope satisfies (TypeBox checks formats only when told how; Fastify's ajv knows them)
  if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v));
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', (v) => !Number.isNaN(Date.parse(v)));
  // Each envelope satisfies the JSON Schema the OpenAPI document publishes for its type.
  for (const sample of samples) {
    const envelope = envelopeOf(sample)!;
    const entry = EVENT_CATALOGUE.find((e) => e.type === envelope.type)!;
    assert.ok(Value.Check(eventSchemaOf(entry), envelope), `${envelope.type} matches its schema`);
  }
  assert.equal(envelopeOf(row('note.added', { text: 'intern' })), null, 'internal notes are no catalogue events');
});
