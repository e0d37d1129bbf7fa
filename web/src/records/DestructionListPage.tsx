import { useState } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { formatDate, formatDateTime, isoToGerman } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { DialogFooter } from '../admin/DialogFooter';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { destructionApi, type ListDetail, type ListEntry } from './destructionApi';
import './records.css';

const d = t.destruction;

function TakeOutDialog({ listId, entry, onClose, onDone }: { listId: string; entry: ListEntry; onClose: () => void; onDone: (l: ListDetail) => void }) {
  const [reason, setReason] = useState(entry.onHold ? d.onHold : '');
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = async () => {
    errors.clear();
    if (!reason.trim()) return errors.setField('reason', d.reasonRequired);
    await run(async () => onDone(await destructionApi.takeOut(listId, entry.caseId, reason.trim())), ['reason']);
  };
  return (
    <Modal title={d.takeOutTitle(entry.caseNumber)} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={d.takeOut} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{d.takeOutHint}</p>
      <TextInput label={d.reason} value={reason} onChange={setReason} error={errors.fields.reason} multiline />
    </Modal>
  );
}

function ConfirmDialog({ list, onClose, onDone }: { list: ListDetail; onClose: () => void; onDone: (l: ListDetail) => void }) {
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const included = list.entries.filter((e) => e.state === 'included');
  const waiting = included.filter((e) => e.waitingReason).length;
  return (
    <Modal title={d.confirmTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void run(async () => onDone(await destructionApi.confirm(list.id)), [])}
      footer={<DialogFooter onClose={onClose} confirm={d.confirm} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{d.confirmText(included.length - waiting, waiting)}</p>
    </Modal>
  );
}

function entryState(e: ListEntry): string {
  if (e.state === 'removed') return `${d.entry.removed} ${d.removedBecause(e.removedBy ?? '', e.removedReason ?? '')}`;
  if (e.state === 'included' && e.waitingReason) return d.waiting;
  return d.entry[e.state] ?? e.state;
}

/** /aussonderung/listen/:id — review: take cases out with a reason, approve, and (a second person) confirm. */
export default function DestructionListPage({ id }: { id: string }) {
  const me = useMe();
  const state = useAsync((signal) => destructionApi.list(id, signal), [id]);
  const [list, setList] = useState<ListDetail>();
  const [dialog, setDialog] = useState<{ kind: 'takeOut'; entry: ListEntry } | { kind: 'confirm' } | null>(null);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const data = list ?? state.data;
  useTitle(data ? d.listName(data.number) : d.title);

  if (!may(me, 'records.destroy')) return <section className="page"><h1 className="kern-heading-large">{d.title}</h1><Alert tone="warning" title={d.notAllowed} /></section>;
  if (!data) {
    return (
      <section className="page">
        <h1 className="kern-heading-large">{d.title}</h1>
        {state.error ? <Alert tone="danger" title={isApiError(state.error) ? state.error.detail : t.app.unexpectedError} /> : <p role="status">{t.app.loading}</p>}
      </section>
    );
  }
  const done = (next: ListDetail, message: string) => { setDialog(null); setList(next); setError(undefined); setNotice(message); };
  const approve = async () => {
    setNotice(undefined);
    try { done(await destructionApi.approve(data.id), d.approved); } catch (e) { setError(isApiError(e) ? e.detail : t.app.unexpectedError); }
  };
  const reviewing = data.state !== 'confirmed';

  return (
    <section className="page">
      <p className="kern-body"><Link className="kern-link" href="/aussonderung">{d.back}</Link></p>
      <h1 className="kern-heading-large">{d.listName(data.number)}</h1>
      <dl className="kern-description-list">
        <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{d.stateLabel}</dt><dd className="kern-description-list-item__value">{d.state[data.state]}</dd></div>
        <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{d.asOf}</dt><dd className="kern-description-list-item__value">{isoToGerman(data.asOf.slice(0, 10))}</dd></div>
        {data.approvedBy ? <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{d.firstReview}</dt><dd className="kern-description-list-item__value">{d.approvedBy(data.approvedBy, formatDateTime(data.approvedAt))}</dd></div> : null}
        {data.confirmedBy ? <div className="kern-description-list-item"><dt className="kern-description-list-item__key">{d.secondReview}</dt><dd className="kern-description-list-item__value">{d.confirmedBy(data.confirmedBy, formatDateTime(data.confirmedAt))}</dd></div> : null}
      </dl>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {error ? <Alert tone="danger" title={error} /> : null}
      {data.state === 'approved' && !data.canConfirm && !notice ? <Alert tone="info" title={d.ownList(data.approvedBy ?? '')} /> : null}
      <div className="destruction__actions">
        {data.canApprove ? <button type="button" className="kern-btn kern-btn--primary" onClick={() => void approve()}><span className="kern-label">{d.approve}</span></button> : null}
        {data.canConfirm ? <button type="button" className="kern-btn kern-btn--primary" onClick={() => { setNotice(undefined); setDialog({ kind: 'confirm' }); }}><span className="kern-label">{d.confirm}</span></button> : null}
      </div>
      <table className="kern-table">
        <caption className="kern-table__caption">{d.entriesCaption}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            {[d.caseNumber, d.service, d.appraisal, d.dueAt, d.entryState, ...(reviewing ? [d.actions] : [])].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {data.entries.map((e) => (
            <tr key={e.caseId} className="kern-table__row">
              <td className="kern-table__cell">{e.state === 'ordered' ? e.caseNumber : <Link className="kern-link" href={`/vorgaenge/${e.caseId}`}>{e.caseNumber}</Link>}</td>
              <td className="kern-table__cell">{e.serviceName}</td>
              <td className="kern-table__cell">{t.records.appraisal[e.appraisal]}</td>
              <td className="kern-table__cell">{formatDate(e.dueAt)}</td>
              <td className="kern-table__cell">
                {entryState(e)}
                {e.onHold && e.state === 'included' ? <strong className="destruction__hold"> · {d.onHold}</strong> : null}
              </td>
              {reviewing ? (
                <td className="kern-table__cell">
                  {e.state === 'included' ? (
                    <button type="button" className="kern-btn kern-btn--secondary" aria-label={d.takeOutFor(e.caseNumber)} onClick={() => { setNotice(undefined); setDialog({ kind: 'takeOut', entry: e }); }}>
                      <span className="kern-label">{d.takeOut}</span>
                    </button>
                  ) : null}
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
      <h2 className="kern-heading-medium">{d.logTitle}</h2>
      <ul className="panel-list">
        {data.log.map((l, i) => (
          <li key={i} className="panel-item">
            <p className="panel-item__meta">{formatDateTime(l.at)} · {l.actor}</p>
            <p className="kern-body">{d.log[l.action] ?? l.action}{l.caseNumber ? ` – ${l.caseNumber}` : ''}{l.reason ? `: ${l.reason}` : ''}</p>
          </li>
        ))}
      </ul>
      {dialog?.kind === 'takeOut' ? (
        <TakeOutDialog listId={data.id} entry={dialog.entry} onClose={() => setDialog(null)} onDone={(next) => done(next, d.takenOut(dialog.entry.caseNumber))} />
      ) : null}
      {dialog?.kind === 'confirm' ? <ConfirmDialog list={data} onClose={() => setDialog(null)} onDone={(next) => done(next, d.confirmed)} /> : null}
    </section>
  );
}
