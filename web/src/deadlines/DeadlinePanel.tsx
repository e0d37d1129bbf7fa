import { useState } from 'react';
import type { CaseDetail } from '../api/types';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { DeadlineBadge } from './DeadlineCell';
import { ExtendDeadlineDialog } from './ExtendDeadlineDialog';
import './deadlines.css';

/**
 * The case's processing deadline: due day, state (remaining, overdue, paused with its reason),
 * statutory or target, the Genehmigungsfiktion warning, and the extension with a reason.
 */
export function DeadlinePanel({ detail, onChanged }: { detail: CaseDetail; onChanged: (updated: CaseDetail) => void }) {
  const [extending, setExtending] = useState(false);
  const [status, setStatus] = useState('');
  const d = detail.deadline;
  const canExtend = detail.permissions.includes('deadline.extend') && d !== null && d.status !== 'met';
  return (
    <section className={`case-section deadline-panel${d?.status === 'overdue' ? ' deadline-panel--overdue' : ''}`} aria-labelledby="deadline-heading">
      <h2 id="deadline-heading" className="kern-heading-medium">
        {t.deadlines.panelTitle}
      </h2>
      <p className="kern-sr-only" role="status" aria-live="polite">
        {status}
      </p>
      {d === null ? (
        <p className="kern-body muted">{t.deadlines.noDeadline}</p>
      ) : (
        <>
          <dl>
            <dt>{t.deadlines.dueOn}</dt>
            <dd>
              <time dateTime={d.dueOn}>{formatDate(d.dueOn)}</time>
              <span className="muted">({d.kind === 'statutory' ? t.deadlines.kindStatutory : t.deadlines.kindTarget})</span>
            </dd>
            <dt>{t.deadlines.state}</dt>
            <dd>
              <DeadlineBadge deadline={d} />
            </dd>
          </dl>
          {d.status === 'paused' && d.pausedSince ? <p className="kern-body deadline-paused">{t.deadlines.pausedSince(formatDate(d.pausedSince))}</p> : null}
          {d.shiftedFrom ? <p className="kern-body muted">{t.deadlines.shifted(formatDate(d.shiftedFrom.requestedOn), d.shiftedFrom.reason)}</p> : null}
          {d.deemedApproval ? (
            <div className={`kern-alert kern-alert--${d.status === 'met' ? 'info' : 'warning'}`} role="note">
              <div className="kern-alert__header">
                <span className={`kern-icon kern-icon--${d.status === 'met' ? 'info' : 'warning'}`} aria-hidden="true" />
                <span className="kern-title">{t.deadlines.deemedApproval}</span>
              </div>
              <div className="kern-alert__body">
                <p className="kern-body">{t.deadlines.deemedApprovalText}</p>
              </div>
            </div>
          ) : null}
          {canExtend ? (
            <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setExtending(true)}>
              <span className="kern-icon kern-icon--calendar-today" aria-hidden="true" />
              <span className="kern-label">{t.deadlines.extend}</span>
            </button>
          ) : null}
        </>
      )}
      {extending ? (
        <ExtendDeadlineDialog
          caseId={detail.id}
          onClose={() => setExtending(false)}
          onDone={(updated) => {
            setExtending(false);
            setStatus(t.deadlines.extended);
            onChanged(updated);
          }}
        />
      ) : null}
    </section>
  );
}
