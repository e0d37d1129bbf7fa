import { useState } from 'react';
import { DialogFooter } from '../admin/DialogFooter';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { xdomeaApi, type HandoverTargets } from './xdomeaApi';

const x = t.xdomea;

/** Choose the target (E-Akte/DMS or another authority) and whether the hand-over is the lead one. */
export function HandoverDialog({ caseId, targets, onClose, onStarted }: {
  caseId: string; targets: HandoverTargets['items']; onClose: () => void; onStarted: (processId: string) => void;
}) {
  const [targetId, setTargetId] = useState(targets[0]?.id ?? '');
  const [lead, setLead] = useState(true);
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = () => run(async () => {
    const started = await xdomeaApi.handOver(caseId, { targetId, lead });
    onStarted(started.processId);
  }, ['targetId']);
  return (
    <Modal title={x.dialogTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={x.confirm} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <Select label={x.target} value={targetId} onChange={setTargetId} error={errors.fields.targetId}
        options={targets.map((o) => ({ value: o.id, label: `${o.name} (${x.targetKind[o.kind]})` }))} />
      <div className="kern-form-check">
        <input id="xdomea-lead" type="checkbox" className="kern-form-check__checkbox" checked={lead} onChange={(e) => setLead(e.target.checked)} aria-describedby="xdomea-lead-hint" />
        <label className="kern-label" htmlFor="xdomea-lead">{x.lead}</label>
      </div>
      <p id="xdomea-lead-hint" className="kern-body muted">{x.leadHint}</p>
    </Modal>
  );
}
