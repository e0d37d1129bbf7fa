import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { applyLabels, labelBookFromTree } from './labels.js';
import { formTreeFromXml } from './form-xml.js';
import { LEIHGERAET_LABELLED_XML } from '../../../test/fixtures/intelliform.js';

const limits = { maxDepth: 10, maxItems: 500 };

describe('intelliForm labels: a labelled tree lends labels and option texts to the raw one', () => {
  const book = labelBookFromTree(formTreeFromXml(LEIHGERAET_LABELLED_XML, limits));

  it('repeated groups share their labels, and each occurrence gets its own option text', () => {
    const raw = formTreeFromXml('<myForm><kind><schulart>3</schulart></kind><kind><schulart>1</schulart></kind></myForm>', limits);
    const richer = labelBookFromTree(formTreeFromXml(
      '<myForm xmlns:ifp="http://xmlns.cit.de/intelliform/pages/annotation/1.0"><kind ifp:label="Kind"><schulart ifp:label="Schulart" ifp:value-label="Gymnasium">3</schulart></kind><kind ifp:label="Kind"><schulart ifp:label="Schulart" ifp:value-label="Grundschule">1</schulart></kind></myForm>',
      limits,
    ));
    assert.deepEqual(applyLabels(raw, richer), [
      { name: 'kind', label: 'Kind', formItems: [{ name: 'schulart', label: 'Schulart', stringValue: 'Gymnasium', code: '3' }] },
      { name: 'kind', label: 'Kind', formItems: [{ name: 'schulart', label: 'Schulart', stringValue: 'Grundschule', code: '1' }] },
    ]);
  });

  it('a code the rendition does not label stays as sent, and a label of the form itself wins', () => {
    const raw = formTreeFromXml('<myForm><antragsteller><geschlecht>9</geschlecht><vorname label="Rufname">Aylin</vorname></antragsteller></myForm>', limits);
    assert.deepEqual(applyLabels(raw, book)[0]!.formItems, [
      { name: 'geschlecht', label: 'Geschlecht', stringValue: '9' },
      { name: 'vorname', label: 'Rufname', stringValue: 'Aylin' },
    ]);
  });

  it('the same name in another group is another field', () => {
    const raw = formTreeFromXml('<myForm><sonstiges><geschlecht>1</geschlecht></sonstiges></myForm>', limits);
    assert.deepEqual(applyLabels(raw, book)[0]!.formItems, [{ name: 'geschlecht', label: 'geschlecht', stringValue: '1' }]);
  });
});
