import { useState } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { followUpsApi, type FollowUpState, type MyFollowUp } from './api';
import './followups.css';
import { OverdueBadge } from './OverdueBadge';
import { DeputyBadge } from '../deadlines/DeadlineCell';

const STATES: { value: FollowUpState; label: string }[] = [
  { value: 'open', label: t.followUps.stateOpen },
  { value: 'overdue', label: t.followUps.stateOverdue },
  { value: 'done', label: t.followUps.stateDone },
];

/** /wiedervorlagen — the signed-in person's follow-ups, by due date with overdue ones first. */
export default function MyFollowUpsPage() {
  useTitle(t.followUps.myTitle);
  const me = useMe();
  const canWrite = may(me, 'followup.write');
  const [state, setState] = useState<FollowUpState>('open');
  const list = useAsync((signal) => followUpsApi.mine(state, signal).then((r) => r.items), [state]);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<string>();
  const [busyId, setBusyId] = useState<string>();

  const complete = async (f: MyFollowUp) => {
    setBusyId(f.id);
    setFailure(undefined);
    try {
      await followUpsApi.update(f.caseId, f.id, { done: !f.done });
      list.setData((list.data ?? []).filter((x) => x.id !== f.id));
      setStatus(f.done ? t.followUps.reopened : t.followUps.completed);
    } catch (e) {
      setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusyId(undefined);
    }
  };

  const items = list.data;
  return (
    <section className="page my-followups">
      <div className="page__header">
        <h1 className="kern-heading-large">{t.followUps.myTitle}</h1>
        <p className="kern-body muted" role="status" aria-live="polite">
          {list.loading ? t.app.loading : items ? `${t.followUps.count(items.length)}${status ? ` · ${status}` : ''}` : ''}
        </p>
      </div>
      <p className="kern-body">{t.followUps.myIntro}</p>
      <div className="chips" role="group" aria-label={t.followUps.stateLabel}>
        {STATES.map((s) => (
          <button key={s.value} type="button" className="chip" aria-pressed={state === s.value} onClick={() => setState(s.value)}>
            {s.label}
          </button>
        ))}
      </div>
      {failure ? <Alert tone="danger" title={failure} /> : null}
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      {items && items.length === 0 ? <p className="kern-body muted">{t.followUps.myEmpty[state]}</p> : null}
      {items && items.length > 0 ? (
        <div className="table-scroll">
          <table className="kern-table myfollowups-table">
            <caption className="kern-sr-only">{t.followUps.tableLabel}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">{t.followUps.colDue}</th>
                <th scope="col" className="kern-table__header">{t.followUps.colSubject}</th>
                <th scope="col" className="kern-table__header">{t.followUps.colCase}</th>
                {canWrite ? <th scope="col" className="kern-table__header">{t.followUps.colAction}</th> : null}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {items.map((f) => (
                <tr key={f.id} className={`kern-table__row${f.overdue ? ' is-overdue' : ''}`}>
                  <td className="kern-table__cell">
                    <span className="follow-up-due">
                      <time dateTime={f.dueDate}>{formatDate(f.dueDate)}</time>
                      {f.overdue ? <OverdueBadge /> : null}
                    </span>
                  </td>
                  <td className="kern-table__cell">
                    <span id={`my-followup-${f.id}`}>{f.subject}</span>
                    {f.inDeputyFor ? <> <DeputyBadge name={f.inDeputyFor.displayName} /></> : null}
                    {f.description ? <p className="panel-item__meta">{f.description}</p> : null}
                  </td>
                  <td className="kern-table__cell">
                    <Link className="kern-link" href={`/vorgaenge/${f.case.id}`}>
                      <span className="case-number">{f.case.caseNumber}</span>
                    </Link>{' '}
                    <span>{f.case.title}</span>
                  </td>
                  {canWrite ? (
                    <td className="kern-table__cell">
                      <button
                        type="button"
                        className="kern-btn kern-btn--secondary"
                        aria-describedby={`my-followup-${f.id}`}
                        disabled={busyId === f.id}
                        onClick={() => void complete(f)}
                      >
                        <span className={`kern-icon kern-icon--${f.done ? 'autorenew' : 'check'}`} aria-hidden="true" />
                        <span className="kern-label">{f.done ? t.followUps.reopen : t.followUps.markDone}</span>
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
