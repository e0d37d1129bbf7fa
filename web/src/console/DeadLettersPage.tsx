import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { consoleApi, type DeadLetter } from './api';
import { secondsSince } from './format';

const c = t.console.deadLetters;

/** Dead letters of every tenant: kind, tenant, attempts, error class, age. Never recipient or text. */
export function DeadLettersPage() {
  const list = useAsync((signal) => consoleApi.deadLetters(signal), []);
  const [notice, setNotice] = useState<string>();
  const [error, setError] = useState<string>();
  const retry = async (item: DeadLetter) => {
    try {
      await consoleApi.retry(item.id);
      setNotice(c.retried);
      list.reload();
    } catch (e) {
      setError(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };
  const items = list.data?.items ?? [];
  return (
    <section className="console-page">
      <h1 className="kern-heading-large">{c.title}</h1>
      <p className="kern-body">{c.intro}</p>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {error || list.error ? <Alert tone="danger" title={error ?? (isApiError(list.error) ? list.error.detail : t.app.unexpectedError)} /> : null}
      <div className="console-table-wrap">
        <table className="kern-table">
          <caption className="kern-table__caption">{c.caption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[c.colTenant, c.colKind, c.colAttempts, c.colClass, c.colAge, c.colActions].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((item) => (
              <tr key={item.id} className="kern-table__row">
                <th scope="row" className="kern-table__cell">{item.tenantName}</th>
                <td className="kern-table__cell">{item.kind}</td>
                <td className="kern-table__cell kern-table__cell--numeric">{item.attempts}</td>
                <td className="kern-table__cell">{c.classes[item.errorClass] ?? item.errorClass}</td>
                <td className="kern-table__cell">{t.console.age(secondsSince(item.createdAt))}</td>
                <td className="kern-table__cell">
                  <button type="button" className="kern-btn kern-btn--secondary kern-btn--small" aria-label={c.retry(item.kind, item.tenantName)} onClick={() => void retry(item)}>
                    <span className="kern-label">{c.retryShort}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {!list.loading && items.length === 0 ? <p className="kern-body">{c.none}</p> : null}
    </section>
  );
}
