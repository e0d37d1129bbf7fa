import { useState } from 'react';
import type { AdminService } from '../admin/types';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { t } from '../i18n/de';
import { isoDate } from '../i18n/format';
import { Alert } from '../ui/Alert';
import { DateField } from '../ui/DateField';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { delegationApi, type Agreement, type AgreementInput } from './delegationApi';

const A = t.delegation.admin;
const FIELDS = ['partnerSlug', 'kind', 'serviceId', 'validFrom', 'validUntil', 'note'] as const;

/** The owning municipality proposes: B handles one of our services, or B may be asked for help on single cases. */
export function ProposeAgreementForm({ services, onProposed }: { services: AdminService[]; onProposed: (agreement: Agreement) => void }) {
  const [partnerSlug, setPartnerSlug] = useState('');
  const [kind, setKind] = useState<AgreementInput['kind']>('service');
  const [serviceId, setServiceId] = useState('');
  const [validFrom, setValidFrom] = useState(isoDate(new Date()));
  const [validUntil, setValidUntil] = useState('');
  const [note, setNote] = useState('');
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const chosenService = serviceId || services[0]?.id || '';
  const submit = () => run(async () => {
    setNotice(undefined);
    const proposed = await delegationApi.propose({
      partnerSlug: partnerSlug.trim(), kind, validFrom,
      ...(kind === 'service' ? { serviceId: chosenService } : {}),
      ...(validUntil ? { validUntil } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    setPartnerSlug(''); setNote(''); setValidUntil('');
    setNotice(A.proposed(proposed.partner.name));
    onProposed(proposed);
  }, FIELDS);
  return (
    <form className="admin-create" aria-labelledby="delegation-propose-heading" noValidate
      onSubmit={(e) => { e.preventDefault(); errors.clear(); void submit(); }}>
      <h3 id="delegation-propose-heading" className="kern-heading-small">{A.proposeTitle}</h3>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      <div className="admin-create__fields">
        <TextInput label={A.partner} hint={A.partnerHint} value={partnerSlug} onChange={setPartnerSlug} error={errors.fields.partnerSlug} isRequired />
        <Select label={A.kindLabel} value={kind} onChange={(v) => setKind(v as AgreementInput['kind'])} error={errors.fields.kind}
          options={(['service', 'assistance'] as const).map((k) => ({ value: k, label: A.kindOption[k]! }))} />
        {kind === 'service' ? (
          <Select label={A.service} value={chosenService} onChange={setServiceId} error={errors.fields.serviceId}
            options={services.map((s) => ({ value: s.id, label: s.name }))} />
        ) : null}
        <DateField label={A.validFrom} value={validFrom} onChange={setValidFrom} error={errors.fields.validFrom} isRequired />
        <DateField label={A.validUntil} value={validUntil} onChange={setValidUntil} error={errors.fields.validUntil} min={validFrom} />
        <TextInput label={A.note} value={note} onChange={setNote} error={errors.fields.note} multiline />
      </div>
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{A.propose}</span></button>
      </div>
    </form>
  );
}
