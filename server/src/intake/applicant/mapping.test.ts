import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { FormItem } from '../../db/schema.js';
import { validateFormTree } from '../form-tree.js';
import { MELDEBESCHEINIGUNG_XML, ozgCompanyApplication } from '../../../test/fixtures/applicants.js';
import { formTreeFromXml } from '../intelliform/form-xml.js';
import { DEFAULT_INTAKE_LIMITS } from '../limits.js';
import { submissionFromNative } from '../native/parse.js';
import { fitConnectIdentity, intelliformIdentity, ozgIdentity } from './channels.js';
import { resolveApplicant, type ApplicantMapping } from './mapping.js';

const tree = (items: unknown[]) => validateFormTree(items, 'formData', { maxDepth: 10, maxItems: 500 });
const company = () => tree(ozgCompanyApplication().formData);

describe('applicant from the data that arrives', () => {
  it('defaults: an OZG trade registration marked as a company, e-mail from the contact step, account of type unternehmen', () => {
    const identity = ozgIdentity(ozgCompanyApplication().control.serviceKonto);
    const { applicant, warnings } = resolveApplicant(company(), 'ozg-cloud', null, identity);
    assert.equal(applicant.kind, 'organisation');
    assert.equal(applicant.organisationName, 'Nordlicht Solartechnik GmbH');
    assert.equal(applicant.email, 'gewerbe@nordlicht-solar.example', 'the e-mail field outside an applicant group is found');
    assert.equal(applicant.phone, '0431 5570-120');
    assert.deepEqual(applicant.address, { street: 'Wischhofstraße', houseNumber: '1-3', postalCode: '24148', city: 'Kiel' });
    assert.equal(applicant.dateOfBirth, '1979-08-23');
    assert.deepEqual(applicant.mailbox, {
      identifier: 'osi-uk-5d2c9e10-7b4a-4f1e-9c3d-2a8b6e0f4c11', type: 'osi', rawType: 'unternehmen', accountType: 'OSI',
      trustLevel: 'STORK-QAA-Level-3', level: 'substantial', accountKind: 'organisation',
    });
    assert.deepEqual(warnings, []);
  });

  it('an organisation account alone makes the applicant an organisation (serviceKonto type unternehmen → Mein Unternehmenskonto)', () => {
    const identity = ozgIdentity({ type: 'unternehmen', trustLevel: 'STORK-QAA-Level-4', postfachAddress: { identifier: 'muk-4711' } });
    assert.equal(identity.mailbox?.type, 'muk');
    assert.equal(identity.mailbox?.level, 'high');
    const items = tree([{ name: 'antragsteller', formItems: [{ name: 'vorname', stringValue: 'Merle' }, { name: 'nachname', stringValue: 'Thordsen' }] }]);
    assert.equal(resolveApplicant(items, 'ozg-cloud', null, identity).applicant.kind, 'organisation');
    assert.equal(resolveApplicant(items, 'ozg-cloud', null, ozgIdentity({ type: 'BUND_ID', postfachAddresses: [{ identifier: 'zbp-1' }] })).applicant.kind, 'person');
    assert.equal(ozgIdentity({ type: 'BUND_ID', postfachAddresses: [{ identifier: 'zbp-1' }] }).mailbox?.type, 'bundid');
  });

  it('a mapping decides named fields; a path the form lacks leaves the field empty with a warning, and the defaults do not fill it', () => {
    const mapping: ApplicantMapping = { useDefaults: true, fields: { email: 'kontaktdaten/E-Mail', phone: 'kontakt/telefon_mobil' }, kind: { path: 'person_oder_firma', organisationValues: ['2'] } };
    const { applicant, warnings } = resolveApplicant(company(), 'ozg-cloud', mapping, {});
    assert.equal(applicant.email, 'gewerbe@nordlicht-solar.example', 'paths compare without regard to case');
    assert.equal(applicant.phone, undefined, 'missing field: left empty, although the defaults would find „telefon“');
    assert.deepEqual(warnings.map((w) => [w.field, w.path]), [['phone', 'kontakt/telefon_mobil']]);
    assert.match(warnings[0]!.message, /kommt in den Formulardaten nicht vor; „Telefon“ bleibt leer/);
    assert.equal(applicant.kind, 'person', 'the rule says only „2“ means organisation');
    assert.equal(applicant.address?.city, 'Kiel', 'fields the mapping does not name still come from the defaults');
  });

  it('useDefaults false takes only the named fields; a German date becomes JJJJ-MM-TT; a value that is no e-mail is refused with a warning', () => {
    const items: FormItem[] = tree([{ name: 'a', formItems: [{ name: 'geb', stringValue: '02.11.1968' }, { name: 'mail', stringValue: 'keine Adresse' }, { name: 'vorname', stringValue: 'Renate' }] }]);
    const { applicant, warnings } = resolveApplicant(items, 'intelliform', { useDefaults: false, fields: { dateOfBirth: 'a/geb', email: 'A/MAIL' } });
    assert.equal(applicant.dateOfBirth, '1968-11-02');
    assert.equal(applicant.email, undefined);
    assert.equal(applicant.firstName, undefined, 'no defaults');
    assert.deepEqual(warnings.map((w) => w.field), ['email']);
  });

  it('defaults: the applicant group comes first, e-mail and phone are also taken from a separate contact step (intelliForm mailadresse)', () => {
    const items = formTreeFromXml(MELDEBESCHEINIGUNG_XML, { maxDepth: 10, maxItems: 500 });
    const { applicant } = resolveApplicant(items, 'intelliform', null, {});
    assert.equal(applicant.kind, 'person');
    assert.deepEqual([applicant.firstName, applicant.lastName, applicant.dateOfBirth], ['Maximilian', 'Huber', '1985-07-14']);
    assert.equal(applicant.email, 'm.huber@posteo.example');
    assert.equal(applicant.phone, '089 3074 2218', 'telefonnummer_privat is an intelliForm default');
    assert.equal(applicant.address?.city, 'München');
  });

  it('intelliForm: the BayernID Postkorb handle, account type and login level from the attachment attributes', () => {
    const identity = intelliformIdentity([
      { key: 'bayernid.postkorbhandle', value: 'pk-0c41e8b2' },
      { key: 'bayernid.accountType', value: 'BAYERN_ID_UNTERNEHMEN' },
      { key: 'bayernid.loginLevel', value: 'substantial' },
    ]);
    assert.deepEqual(identity.mailbox, { identifier: 'pk-0c41e8b2', type: 'bayernid', rawType: 'POSTKORB', accountType: 'BAYERN_ID_UNTERNEHMEN', trustLevel: 'substantial', level: 'substantial', accountKind: 'organisation' });
    assert.equal(identity.organisation, true);
  });

  it('FIT-Connect: the FINK Postfach (service told by its host), the level from the identification report, the reply e-mail as fallback', () => {
    const report = ['eyJhbGciOiJFUzI1NiJ9', Buffer.from(JSON.stringify({ trustLevel: 'STORK-QAA-Level-4' })).toString('base64url'), 'c2ln'].join('.');
    const identity = fitConnectIdentity({
      replyChannel: { fink: { finkPostfachRef: 'bund/zbp/9f2c', host: 'https://id.bund.de/' }, eMail: { address: 'antwort@example.org' } } as never,
      authenticationInformation: [{ type: 'identificationReport', version: '1.0.0', content: report }],
    });
    assert.equal(identity.mailbox?.type, 'bundid');
    assert.equal(identity.mailbox?.level, 'high');
    const { applicant } = resolveApplicant(tree([{ name: 'vorname', stringValue: 'Ida' }]), 'fit-connect', null, identity);
    assert.equal(applicant.email, 'antwort@example.org');
    assert.equal(applicant.replyEmail, 'antwort@example.org');
  });

  it('native API: the applicant stays as sent, its Postfach gets the service the mailbox side picks the adapter by', () => {
    const body = { serviceKey: '99050012104000', formData: [], applicant: { kind: 'person' as const, lastName: 'Kaya', mailbox: { identifier: 'zbp-77', type: 'BUND_ID', trustLevel: 'STORK-QAA-Level-4' } } };
    const { applicant } = submissionFromNative(body as never, [], DEFAULT_INTAKE_LIMITS);
    assert.equal(applicant.lastName, 'Kaya');
    assert.deepEqual(applicant.mailbox, { identifier: 'zbp-77', type: 'bundid', rawType: 'BUND_ID', trustLevel: 'STORK-QAA-Level-4', level: 'high' });
  });
});
