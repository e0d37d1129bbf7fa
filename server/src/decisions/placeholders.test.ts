import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../shared/errors.js';
import { assertKnownPlaceholders, renderTemplate, type PlaceholderContext } from './placeholders.js';

const ctx: PlaceholderContext = {
  applicant: { kind: 'person', firstName: 'Jürgen', lastName: 'Müller', address: { street: 'Holstenstraße', houseNumber: '12a', postalCode: '24103', city: 'Kiel' } },
  applicantName: 'Müller, Jürgen',
  caseNumber: 'STA-2026-000042',
  receivedAt: new Date('2026-03-01T23:30:00Z'),
  serviceName: 'Hundesteuer Anmeldung',
  tenantName: 'Landeshauptstadt Kiel',
  caseworkerName: null,
  formData: [
    { name: 'hund', label: 'Hund', formItems: [{ name: 'gewicht', label: 'Gewicht', numberValue: 31.5 }, { name: 'geboren', label: 'Wurf', dateValue: '2021-06-01' }] },
    { name: 'gefaehrlich', label: 'Gefährlich', booleanValue: true },
    { name: 'hinweis', label: 'Hinweis', stringValue: '<b>Kein HTML</b> & so' },
  ],
  today: new Date('2026-11-23T10:00:00Z'),
};

describe('decision placeholders', () => {
  it('fills case, applicant and form data in German formats; dates in German local time', () => {
    const text = renderTemplate(
      '{{antragsteller.name}} | {{antragsteller.anschrift}} | {{vorgang.nummer}} | {{vorgang.eingang}} | {{leistung.name}} | {{kommune.name}} | {{heute}} | {{formular.hund.gewicht}} kg | {{formular.hund.geboren}} | {{formular.gefaehrlich}}',
      ctx,
    );
    assert.equal(text, 'Müller, Jürgen | Holstenstraße 12a, 24103 Kiel | STA-2026-000042 | 02.03.2026 | Hundesteuer Anmeldung | Landeshauptstadt Kiel | 23.11.2026 | 31,5 kg | 01.06.2021 | ja');
  });

  it('escapes nothing (PDF text) and writes „—“ for anything missing instead of failing', () => {
    assert.equal(renderTemplate('{{formular.hinweis}}', ctx), '<b>Kein HTML</b> & so');
    assert.equal(renderTemplate('{{sachbearbeitung.name}} / {{formular.hund}} / {{formular.gibtsnicht.x}}', ctx), '— / — / —');
    assert.equal(renderTemplate('{{antragsteller.anschrift}}', { ...ctx, applicant: { kind: 'person' } }), '—');
  });

  it('accepts known placeholders (with spaces) and names the first unknown one', () => {
    assert.doesNotThrow(() => assertKnownPlaceholders('{{ heute }} {{formular.a-b.c_d}} {{formular.größe}}'));
    for (const [body, name] of [['{{Heute}}', 'Heute'], ['{{formular}}', 'formular'], ['{{formular.}}', 'formular.'], ['{{}}', '']]) {
      assert.throws(() => assertKnownPlaceholders(body!), (e: AppError) => e.status === 422 && e.field === 'body' && e.detail.includes(`{{${name}}}`));
    }
  });
});
