import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { formatDate, formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { DialogFooter } from '../admin/DialogFooter';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { recordsApi, type LegalHold } from './recordsApi';

const r = t.records;

function ReasonDialog({ title, hint, onClose, onSubmit }: { title: string; hint?: string; onClose: () => void; onSubmit: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState('');
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = async () => {
    errors.clear();
    if (!reason.trim()) return errors.setField('reason', r.reasonRequired);
    await run(() => onSubmit(reason.trim()), ['reason']);
  };
  return (
    <Modal title={title} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={title === r.setHoldTitle ? r.setHold : r.releaseHold} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <TextInput label={r.reasonLabel} hint={hint} value={reason} onChange={setReason} error={errors.fields.reason} multiline />
    </Modal>
  );
}

function HoldLine({ hold }: { hold: LegalHold }) {
  return (
    <li className="panel-item">
      <p className="panel-item__meta">{r.heldBy(hold.setByName, formatDateTime(hold.setAt))}</p>
      <p className="kern-body">{r.holdReason}: {hold.reason}</p>
      {hold.releasedAt ? (
        <p className="kern-body muted">{r.releasedBy(hold.releasedByName ?? '', formatDateTime(hold.releasedAt))}: {hold.releaseReason}</p>
      ) : null}
    </li>
  );
}

/** The case's retention (rule, due date) and its legal holds; the records role sets and releases holds. */
export function RetentionPanel({ caseId, onChanged }: { caseId: string; onChanged: () => void }) {
  const state = useAsync((signal) => recordsApi.caseRetention(caseId, signal), [caseId]);
  const [dialog, setDialog] = useState<'set' | 'release' | null>(null);
  const [notice, setNotice] = useState<string>();
  const data = state.data;
  const active = data?.holds.find((h) => h.active);

  const done = (message: string) => {
    setDialog(null);
    setNotice(message);
    state.reload();
    onChanged();
  };

  return (
    <section className="case-section" aria-labelledby="retention-panel-heading">
      <h2 id="retention-panel-heading" className="kern-heading-medium panel-heading">{r.panelTitle}</h2>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {!data ? (
        <p className="kern-body muted">{state.error ? (isApiError(state.error) ? state.error.detail : t.app.unexpectedError) : t.app.loading}</p>
      ) : (
        <>
          <dl className="kern-description-list">
            <div className="kern-description-list-item">
              <dt className="kern-description-list-item__key">{r.ruleFrom[data.ruleSource]}</dt>
              <dd className="kern-description-list-item__value">
                {r.months(data.rule.periodMonths)} ab {r.startsAt[data.rule.startsAt]} · {r.appraisal[data.rule.appraisal]}
              </dd>
            </div>
            {data.dueAt ? (
              <>
                <div className="kern-description-list-item">
                  <dt className="kern-description-list-item__key">{r.startedAt}</dt>
                  <dd className="kern-description-list-item__value">{formatDate(data.periodStartedAt)}</dd>
                </div>
                <div className="kern-description-list-item">
                  <dt className="kern-description-list-item__key">{r.dueAt}</dt>
                  <dd className="kern-description-list-item__value">{formatDate(data.dueAt)}</dd>
                </div>
              </>
            ) : null}
          </dl>
          {data.dueAt ? null : <p className="kern-body muted">{r.notStarted}</p>}
          {active ? <Alert tone="warning" title={r.onHold}><p className="kern-body">{r.holdReason}: {active.reason}</p></Alert> : null}
          {data.canManageHolds ? (
            <button type="button" className="kern-btn kern-btn--secondary" onClick={() => { setNotice(undefined); setDialog(active ? 'release' : 'set'); }}>
              <span className="kern-label">{active ? r.releaseHold : r.setHold}</span>
            </button>
          ) : null}
          {data.holds.some((h) => !h.active) ? (
            <>
              <h3 className="kern-heading-small">{r.pastHolds}</h3>
              <ul className="panel-list">{data.holds.filter((h) => !h.active).map((h) => <HoldLine key={h.id} hold={h} />)}</ul>
            </>
          ) : null}
        </>
      )}
      {dialog === 'set' ? (
        <ReasonDialog title={r.setHoldTitle} hint={r.setReasonHint} onClose={() => setDialog(null)}
          onSubmit={async (reason) => { await recordsApi.setHold(caseId, reason); done(r.holdSet); }} />
      ) : null}
      {dialog === 'release' && active ? (
        <ReasonDialog title={r.releaseHoldTitle} onClose={() => setDialog(null)}
          onSubmit={async (reason) => { await recordsApi.releaseHold(caseId, active.id, reason); done(r.holdReleased); }} />
      ) : null}
    </section>
  );
}
