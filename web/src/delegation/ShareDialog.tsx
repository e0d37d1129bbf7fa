import { useState } from 'react';
import { DialogFooter } from '../admin/DialogFooter';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { delegationApi, type Agreement } from './delegationApi';

const S = t.delegation.share;

/** Choose the municipality (by its valid assistance agreement) this case is shared with. */
export function ShareDialog({ caseId, agreements, onClose, onShared }: {
  caseId: string; agreements: Agreement[]; onClose: () => void; onShared: (partnerName: string) => void;
}) {
  const [agreementId, setAgreementId] = useState(agreements[0]?.id ?? '');
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = () => run(async () => {
    await delegationApi.share(caseId, agreementId);
    onShared(agreements.find((a) => a.id === agreementId)?.partner.name ?? '');
  }, ['agreementId']);
  return (
    <Modal title={S.dialogTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={S.confirm} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{S.intro}</p>
      <Select label={S.agreement} value={agreementId} onChange={setAgreementId} error={errors.fields.agreementId}
        options={agreements.map((a) => ({ value: a.id, label: a.partner.name }))} />
    </Modal>
  );
}
