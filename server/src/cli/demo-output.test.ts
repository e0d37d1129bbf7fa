import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.js';
import type { DemoCredentials } from '../demo/credentials.js';
import { casesSummary, printCredentials } from './demo-output.js';

/* What `npm start` and `amtsdesk seed-demo` print after seeding: German, no internal codes. */
describe('seed summary', () => {
  it('counts the cases by status in German, in the order of the lifecycle', () => {
    assert.equal(casesSummary({ closed: 5, new: 3, in_progress: 2, deletion_requested: 1 }), '11 Vorgänge (Neu 3, In Bearbeitung 2, Abgeschlossen 5, Löschung beantragt 1)');
  });

  it('lists the sign-ins with German role names and a German name for the intake key', () => {
    const lines: string[] = [];
    const credentials: DemoCredentials = {
      hinweis: '', url: 'http://localhost:3000', tenant: { slug: 'musterstadt', name: 'Musterstadt' },
      users: [
        { role: 'caseworker', email: 'a@x.example', displayName: 'Aylin Demir', password: 'p1' },
        { role: 'admin,reader', email: 'b@x.example', displayName: 'Petra Hansen', password: 'p2' },
      ],
      intakeToken: { name: 'Formularserver (Demo)', token: 'adk_secret', scopes: ['intake:submit'] },
      operator: { email: 'betrieb@x.example', displayName: 'Betrieb', password: 'p3' },
      createdAt: new Date().toISOString(),
    };
    printCredentials(credentials, loadConfig({ AMTSDESK_DATA_DIR: '/tmp/amtsdesk-x' }), { log: (l) => lines.push(l), error: (l) => lines.push(l) });
    const text = lines.join('\n');
    assert.match(text, /Aylin Demir \(Sachbearbeitung\)/);
    assert.match(text, /Petra Hansen \(Administration, Lesezugriff\)/);
    assert.match(text, /API-Schlüssel für den Antragseingang .*adk_secret/);
    assert.doesNotMatch(text, /\((caseworker|admin|intake|reader)\)|Intake-API-Token/);
  });
});
