import { useState } from 'react';
import { isApiError } from '../api/client';
import type { CaseDetail } from '../api/types';
import { DialogFooter } from '../admin/DialogFooter';
import { t } from '../i18n/de';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { registersApi, type RegisterAnswer, type RegisterName, type RegisterQueryBody } from './api';

const x = t.registers;
type Field = 'legalBasis' | 'purpose' | 'lastName' | 'name' | 'birthDate' | 'postalCode';
type Errors = Partial<Record<Field | 'form', string>>;

/** The server names query fields as „query/lastName“ or „query/address/postalCode“. */
function fieldOf(path: string | undefined): Field | undefined {
  const last = path?.split(/[/.]/).pop();
  return (['legalBasis', 'purpose', 'lastName', 'name', 'birthDate', 'postalCode'] as const).find((f) => f === last);
}

/**
 * „Register abfragen“: the caseworker names the legal basis and the purpose (both mandatory, they
 * go into the access log) and what to search; the fields start from the applicant's data.
 */
export function RegisterQueryDialog({ detail, onClose, onAnswer }: { detail: CaseDetail; onClose: () => void; onAnswer: (answer: RegisterAnswer) => void }) {
  const a = detail.applicant ?? { kind: 'person' as const };
  const [register, setRegister] = useState<RegisterName>(a.kind === 'organisation' ? 'companies' : 'residents');
  const [legalBasis, setLegalBasis] = useState('');
  const [purpose, setPurpose] = useState('');
  const [lastName, setLastName] = useState(a.lastName ?? '');
  const [firstName, setFirstName] = useState(a.firstName ?? '');
  const [name, setName] = useState(a.organisationName ?? '');
  const [birthDate, setBirthDate] = useState(a.dateOfBirth ?? '');
  const [postalCode, setPostalCode] = useState(a.address?.postalCode ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const clear = (f: Field) => setErrors((e) => ({ ...e, [f]: undefined, form: undefined }));

  const validate = (): Errors => {
    const found: Errors = {};
    if (legalBasis.trim().length < 3) found.legalBasis = x.legalBasisRequired;
    if (purpose.trim().length < 3) found.purpose = x.purposeRequired;
    if (register === 'residents' && !lastName.trim()) found.lastName = x.lastNameRequired;
    if (register === 'companies' && !name.trim()) found.name = x.nameRequired;
    if (birthDate.trim() && !/^\d{4}-\d{2}-\d{2}$/.test(birthDate.trim())) found.birthDate = x.birthDateInvalid;
    if (postalCode.trim() && !/^\d{5}$/.test(postalCode.trim())) found.postalCode = x.postalCodeInvalid;
    return found;
  };

  const submit = async () => {
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length) return;
    const address = postalCode.trim() ? { address: { postalCode: postalCode.trim() } } : {};
    const query: RegisterQueryBody['query'] = register === 'residents'
      ? { kind: 'search', lastName: lastName.trim(), ...(firstName.trim() ? { firstName: firstName.trim() } : {}), ...(birthDate.trim() ? { birthDate: birthDate.trim() } : {}), ...address }
      : { kind: 'search', name: name.trim(), ...address };
    setBusy(true);
    try {
      onAnswer(await registersApi.query(detail.id, { register, legalBasis: legalBasis.trim(), purpose: purpose.trim(), query }));
    } catch (e) {
      const field = isApiError(e) ? fieldOf(e.field) : undefined;
      setErrors(field && isApiError(e) ? { [field]: e.detail } : { form: isApiError(e) ? e.detail : t.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title={x.dialogTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={x.send} busy={busy} />}>
      <p className="kern-body">{x.dialogHint}</p>
      {errors.form ? (
        <p className="kern-error" role="alert">
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <span className="kern-body">{errors.form}</span>
        </p>
      ) : null}
      <Select label={x.register} value={register} onChange={(v) => setRegister(v as RegisterName)}
        options={[{ value: 'residents', label: x.registerName.residents! }, { value: 'companies', label: x.registerName.companies! }]} />
      <TextInput label={x.legalBasis} hint={x.legalBasisHint} isRequired value={legalBasis} onChange={(v) => { setLegalBasis(v); clear('legalBasis'); }} error={errors.legalBasis} />
      <TextInput label={x.purpose} hint={x.purposeHint} isRequired multiline value={purpose} onChange={(v) => { setPurpose(v); clear('purpose'); }} error={errors.purpose} />
      <fieldset className="kern-fieldset register-query__search">
        <legend className="kern-label">{x.searchFor}</legend>
        {register === 'residents' ? (
          <>
            <TextInput label={x.lastName} isRequired value={lastName} onChange={(v) => { setLastName(v); clear('lastName'); }} error={errors.lastName} />
            <TextInput label={x.firstName} value={firstName} onChange={setFirstName} />
            <TextInput label={x.birthDate} hint={x.birthDateHint} value={birthDate} onChange={(v) => { setBirthDate(v); clear('birthDate'); }} error={errors.birthDate} />
          </>
        ) : (
          <TextInput label={x.companyName} isRequired value={name} onChange={(v) => { setName(v); clear('name'); }} error={errors.name} />
        )}
        <TextInput label={x.postalCode} value={postalCode} onChange={(v) => { setPostalCode(v); clear('postalCode'); }} error={errors.postalCode} />
      </fieldset>
    </Modal>
  );
}
