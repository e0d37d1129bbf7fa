import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { EVENT_TYPES } from './types.js';

/*
 * The desk's history must read German for every event the server can append. The server's list
 * (events/types.ts) is enforced by the compiler at every appendEvent; this test holds the web
 * app's labels against it, through the very function the history timeline renders with.
 */

type Describe = (event: { type: string; data: Record<string, unknown> }) => { title: string; details: string[] };

// A computed specifier: the server's compiler must not type-check the web app's bundler-style imports.
const webEventText = new URL('../../../web/src/case/eventText.ts', import.meta.url).href;
const { describeEvent } = (await import(webEventText)) as { describeEvent: Describe };

describe('history labels', () => {
  it('every event type the server appends has a German title in the desk, never the code', () => {
    const unlabelled = EVENT_TYPES.filter((type) => {
      const { title } = describeEvent({ type, data: {} });
      return !title || title === type || title === 'Ereignis' || /^[a-z_]+\.[a-z_]+$/.test(title);
    });
    assert.deepEqual(unlabelled, [], `no German label in web/src/i18n/de.ts for: ${unlabelled.join(', ')}`);
  });

  it('an event in the shape the server writes reads German with its details (intake.received)', () => {
    const { title, details } = describeEvent({ type: 'intake.received', data: { channel: 'ozg-cloud', attachments: [{ fileName: 'a.pdf' }, { fileName: 'b.pdf' }] } });
    assert.equal(title, 'Eingang protokolliert');
    assert.deepEqual(details, ['Eingangsweg: OZG-Cloud', '2 Anlagen']);
  });
});
