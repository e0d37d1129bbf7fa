import { useState } from 'react';
import { isApiError } from '../api/client';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { privacyApi, type ErasureRequest } from './recordsApi';

const s = t.subjectRights;

/** The tenant's erasure requests; a request is confirmed by another officer than the one who made it. */
export function ErasureRequests({ items, onChanged }: { items: ErasureRequest[]; onChanged: (message: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const act = async (run: () => Promise<unknown>, message: string) => {
    setError(null);
    try {
      await run();
      onChanged(message);
    } catch (e) {
      setError(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };
  return (
    <section aria-labelledby="erasure-requests">
      <h2 id="erasure-requests" className="kern-heading-medium">{s.requests}</h2>
      {error ? <Alert tone="danger" title={error} /> : null}
      {items.length === 0 ? <p className="kern-body muted">{s.noRequests}</p> : (
        <table className="kern-table">
          <caption className="kern-table__caption">{s.requestsCaption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[s.colCase, s.reason, s.colRequestedBy, s.colState, s.colActions].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((r) => (
              <tr key={r.id} className="kern-table__row">
                <td className="kern-table__cell">{r.caseNumber}</td>
                <td className="kern-table__cell">{r.reason}</td>
                <td className="kern-table__cell">{r.requestedBy.name}, {formatDateTime(r.requestedAt)}</td>
                <td className="kern-table__cell">{s.states[r.state]}{r.decidedByName ? ` (${r.decidedByName})` : ''}</td>
                <td className="kern-table__cell">
                  {r.state === 'requested' ? (
                    <div className="subject-panel__buttons">
                      {r.mine ? <span className="kern-body muted">{s.waitingForSecond}</span> : (
                        <button type="button" className="kern-btn kern-btn--primary" onClick={() => void act(() => privacyApi.confirmErasure(r.id), s.confirmed)}>
                          <span className="kern-label">{s.confirm(r.caseNumber)}</span>
                        </button>
                      )}
                      <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void act(() => privacyApi.withdrawErasure(r.id, s.withdrawReason), s.withdrawn)}>
                        <span className="kern-label">{s.withdraw(r.caseNumber)}</span>
                      </button>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
