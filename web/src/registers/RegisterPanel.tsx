import { useState } from 'react';
import { isApiError } from '../api/client';
import type { CaseDetail } from '../api/types';
import { useAsync } from '../app/useAsync';
import { may, useMe } from '../auth/session';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { registersApi, type RegisterAnswer } from './api';
import { RegisterComparison } from './RegisterComparison';
import { RegisterQueryDialog } from './RegisterQueryDialog';
import './registers.css';

const x = t.registers;

/**
 * „Registerabfragen“ on the case page: the button for people with register.query (when the
 * installation has a register gateway), the latest answer beside the applicant's data — held only
 * in the page, never stored (data minimisation) — and the case's query log.
 */
export function RegisterPanel({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const me = useMe();
  const log = useAsync((signal) => registersApi.log(detail.id, signal), [detail.id]);
  const [open, setOpen] = useState(false);
  const [answer, setAnswer] = useState<RegisterAnswer>();
  const canQuery = may(me, 'register.query') && log.data?.configured === true;
  const items = log.data?.items ?? [];
  return (
    <section className="case-section register-panel" aria-labelledby="register-heading">
      <h2 id="register-heading" className="kern-heading-medium">{x.panelTitle}</h2>
      {log.error ? <Alert tone="danger" title={isApiError(log.error) ? log.error.detail : t.app.unexpectedError} /> : null}
      {log.data && !log.data.configured ? <p className="kern-body muted">{x.notConfigured}</p> : null}
      {canQuery ? (
        <div className="register-panel__actions">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setOpen(true)}>
            <span className="kern-icon kern-icon--search" aria-hidden="true" />
            <span className="kern-label">{x.open}</span>
          </button>
        </div>
      ) : null}
      {answer ? <RegisterComparison answer={answer} /> : null}
      {items.length > 0 ? (
        <div className="table-scroll">
          <table className="kern-table register-log">
            <caption className="kern-title">{x.logTitle}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                {x.logCols.map((c) => <th key={c} scope="col" className="kern-table__header">{c}</th>)}
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {items.map((q) => (
                <tr key={q.id} className="kern-table__row">
                  <td className="kern-table__cell">{formatDateTime(q.at)}</td>
                  <td className="kern-table__cell">{q.actorName}</td>
                  <td className="kern-table__cell">{x.registerName[q.register] ?? q.register}</td>
                  <td className="kern-table__cell">{q.legalBasis}</td>
                  <td className="kern-table__cell">{q.purpose}</td>
                  <td className="kern-table__cell">{q.hits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {open ? (
        <RegisterQueryDialog detail={detail} onClose={() => setOpen(false)}
          onAnswer={(a) => { setOpen(false); setAnswer(a); log.reload(); onChanged(); }} />
      ) : null}
    </section>
  );
}
