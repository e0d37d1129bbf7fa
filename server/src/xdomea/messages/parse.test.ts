import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import type { XdomeaMessageType } from '../contract.js';
import { createXdomeaMessages, MAX_INCOMING_BYTES } from './index.js';
import { header } from './header.js';
import { packMessage, rootElementOf } from './package.js';
import { assertValidOutgoing } from './validate.js';
import { finish } from './build.js';
import { document, x } from './xml.js';

// parse() needs no blob store; the builders are not called here.
const { parse } = createXdomeaMessages({ blobs: null as never });
const pattern = (name: string) => readFileSync(new URL(`../../../test/fixtures/xdomea/xx_Aussonderung.${name}.xml`, import.meta.url));
const ARCHIV = { authorityId: 'LASH', name: 'Landesarchiv Schleswig-Holstein' };
const AMT = { authorityId: 'psw:01054117', name: 'Gemeinde Süderlügum' };

/** An answer as the DMS or archive would send it (built with our writer, checked by parse's own validation). */
function answer(messageType: XdomeaMessageType, body: ReturnType<typeof x>[] = [], processId = randomUUID()) {
  return Buffer.from(document(rootElementOf(messageType), [header({ processId, messageType, sender: ARCHIV, receiver: AMT, createdAt: new Date() }), ...body]), 'utf8');
}
const result = (id: string, ok: boolean, extra: ReturnType<typeof x>[] = []) => [x('IDSGO', id), x('Erfolgreich', ok), ...extra];

async function refused(body: Buffer, detail: RegExp) {
  await assert.rejects(parse(body), (e: unknown) => {
    assert.ok(e instanceof AppError, String(e));
    assert.equal(e.code, 'xdomea_message_invalid');
    assert.match(e.detail, detail);
    return true;
  });
}

describe('xdomea answers: parsed only when well-formed, free of DTDs, bounded and schema-valid', () => {
  it('the published examples: 0502 Bewertungsverzeichnis and 0504 receipt map to the process', async () => {
    const appraisal = await parse(pattern('Bewertungsverzeichnis.0502'));
    assert.equal(appraisal.messageType, '0502');
    assert.equal(appraisal.processId, '242f44e8-bebf-4503-a086-db252c6a4277');
    assert.deepEqual(appraisal.sender, { authorityId: 'LATh', name: 'AbsBehoerdenkennungKennungName' });
    assert.deepEqual(appraisal.receiver, { authorityId: 'LATh', name: 'Landesarchiv Thüringen' });
    assert.deepEqual(appraisal.items, [{ objectId: 'cbdbfccc-72e5-44b2-9e71-937e6f4f8ce9', outcome: 'archive' }]);
    const receipt = await parse(pattern('AnbietungEmpfangBestaetigen.0504'));
    assert.equal(receipt.messageType, '0504');
    assert.deepEqual(receipt.items, []);
  });

  it('0402 per object (imported, or error with the reason), 0403, 0506 with the Archivkennung, 0507; also inside the standard ZIP', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const imported = await parse(answer('0402', [
      x('AbgegebenesObjekt', result(a, true)),
      x('AbgegebenesObjekt', result(b, false, [x('Fehlermeldung', 'Aktenplaneinheit „Hundesteuer“ unbekannt')])),
    ]));
    assert.deepEqual(imported.items, [{ objectId: a, outcome: 'imported' }, { objectId: b, outcome: 'error', reason: 'Aktenplaneinheit „Hundesteuer“ unbekannt' }]);
    assert.deepEqual((await parse(answer('0403'))).items, []);
    const archived = await parse(answer('0506', [x('AusgesondertesSGO', result(a, true, [x('Archivkennung', 'LASH Abt. 320 Nr. 4711')]))]));
    assert.deepEqual(archived.items, [{ objectId: a, outcome: 'imported', reference: 'LASH Abt. 320 Nr. 4711' }]);
    assert.equal((await parse(answer('0507'))).messageType, '0507');

    const processId = randomUUID();
    const zipped = await packMessage(processId, '0502', pattern('Bewertungsverzeichnis.0502').toString('utf8'), []);
    assert.equal((await parse(zipped.zip)).messageType, '0502');
  });

  it('refuses a DTD or entity (external and expanding), before any parser sees it', async () => {
    const xxe = Buffer.from(`<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${pattern('AnbietungEmpfangBestaetigen.0504').toString('utf8').replace(/^<\?xml[^>]*>/, '').replace('xdomea Hinweis', '&e;')}`);
    await refused(xxe, /DTD/);
    await refused(Buffer.from('<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>'), /DTD/);
  });

  it('refuses oversize bodies and ZIP bombs, malformed XML, other encodings, foreign or own messages, and schema-invalid answers', async () => {
    await refused(Buffer.alloc(MAX_INCOMING_BYTES + 1, 0x20), /zu groß/);
    const bomb = await packMessage(randomUUID(), '0502', `<a>${' '.repeat(MAX_INCOMING_BYTES + 10)}</a>`, []);
    assert.ok(bomb.zip.length < MAX_INCOMING_BYTES / 100, 'the bomb is small packed');
    await refused(bomb.zip, /zu groß/);
    // The same bomb lying about its size in the central directory: inflating stops at the bound.
    const liar = Buffer.from(bomb.zip);
    liar.writeUInt32LE(100, liar.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 24);
    await refused(liar, /zu groß/);

    await refused(Buffer.from('<xdomea:Aussonderung.AnbietungEmpfangBestaetigen.0504 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"><xdomea:Kopf>'), /wohlgeformt/);
    await refused(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a>S\xfcderl\xfcgum</a>', 'latin1'), /UTF-8/);
    await refused(Buffer.from('<Aussonderung.Bewertungsverzeichnis.0502 xmlns="urn:example:fremd"/>'), /keine xdomea-3.0-Antwort/);
    await refused(pattern('Anbieteverzeichnis.0501'), /keine xdomea-3.0-Antwort/);
    await refused(answer('0502'), /Schema \(Element/);
    const noDecision = pattern('Bewertungsverzeichnis.0502').toString('utf8').replace('<code>A</code>', '<code>B</code>');
    await refused(Buffer.from(noDecision), /keine Entscheidung/);
    await refused(Buffer.from(pattern('Bewertungsverzeichnis.0502').toString('utf8').replace(/<xdomea:ProzessID>[^<]*</, '<xdomea:ProzessID>keine-uuid<')), /Schema \(Element Aussonderung\.Bewertungsverzeichnis\.0502\/Kopf\/ProzessID\)/);
  });

  it('an outgoing message the schema refuses throws in German naming the element, and its values stay out of the log text', () => {
    const invalid = document(rootElementOf('0505'), [x('Kopf', [x('ProzessID', 'Jürgen Weißmüller')])]);
    assert.throws(() => assertValidOutgoing(invalid, 'aussonderung', '0505'), (e: unknown) => {
      assert.ok(e instanceof AppError);
      assert.equal(e.code, 'xdomea_outgoing_invalid');
      assert.match(e.detail, /0505 ist nicht schemagültig \(Element .*ProzessID\)/);
      assert.doesNotMatch(e.message, /Weißmüller/, 'no personal data in the internal message');
      return true;
    });
  });

  it('every builder leaves through the validation: an invalid message yields no package', async () => {
    const processId = randomUUID();
    const invalid = document(rootElementOf('0505'), [header({ processId, messageType: '0505', sender: AMT, receiver: ARCHIV, createdAt: new Date() }), x('Hinweis', 'zu spät')]);
    await assert.rejects(finish('0505', processId, invalid, []), (e: unknown) => e instanceof AppError && e.code === 'xdomea_outgoing_invalid');
  });
});
