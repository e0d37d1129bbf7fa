import { useState } from 'react';
import { DialogFooter } from '../admin/DialogFooter';
import type { AdminOrgUnit } from '../admin/types';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { delegationApi, type Agreement } from './delegationApi';

const A = t.delegation.admin;

/** The helping municipality accepts and names the org unit whose people work the cases. */
export function AcceptDialog({ agreement, orgUnits, onClose, onDone }: {
  agreement: Agreement; orgUnits: AdminOrgUnit[]; onClose: () => void; onDone: (agreement: Agreement) => void;
}) {
  // A delegated service needs a unit (its intake goes there); assistance may reach everyone.
  const [orgUnitId, setOrgUnitId] = useState(agreement.kind === 'service' ? orgUnits[0]?.id ?? '' : '');
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = () => run(async () => {
    onDone(await delegationApi.accept(agreement.id, orgUnitId ? { orgUnitId } : {}));
  }, ['orgUnitId']);
  const options = [
    ...(agreement.kind === 'assistance' ? [{ value: '', label: A.orgUnitAll }] : []),
    ...orgUnits.map((u) => ({ value: u.id, label: u.name })),
  ];
  return (
    <Modal title={A.acceptTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={A.confirmAccept} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{A.acceptIntro(agreement.partner.name, agreement.service?.name ?? null)}</p>
      {agreement.note ? <p className="kern-body muted">{agreement.note}</p> : null}
      <Select label={A.orgUnit} value={orgUnitId} onChange={setOrgUnitId} error={errors.fields.orgUnitId} options={options} />
    </Modal>
  );
}

/** Either side ends an agreement (or declines a proposal); the other side sees nothing of it afterwards. */
export function RevokeDialog({ agreement, onClose, onDone }: { agreement: Agreement; onClose: () => void; onDone: (agreement: Agreement) => void }) {
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = () => run(async () => onDone(await delegationApi.revoke(agreement.id)), []);
  return (
    <Modal title={A.revokeTitle} role="alertdialog" isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={A.confirmRevoke} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{A.revokeText(agreement.partner.name)}</p>
    </Modal>
  );
}
