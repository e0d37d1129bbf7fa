import { useEffect, useState } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { consoleApi, type AuditEntry } from './api';
import { formatDateTime } from './format';

const c = t.console.audit;

/** What operators did, newest first; optionally only one's own actions. */
export function AuditPage() {
  const [mine, setMine] = useState(false);
  const [items, setItems] = useState<AuditEntry[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  useEffect(() => {
    const controller = new AbortController();
    consoleApi.audit({ mine: mine || undefined, limit: 50 }, controller.signal).then(
      (page) => { setItems(page.items); setNext(page.nextCursor); },
      (e: unknown) => { if (!controller.signal.aborted) setError(isApiError(e) ? e.detail : t.app.unexpectedError); },
    );
    return () => controller.abort();
  }, [mine]);
  const more = async () => {
    if (!next) return;
    const page = await consoleApi.audit({ mine: mine || undefined, limit: 50, before: next });
    setItems((old) => [...old, ...page.items]);
    setNext(page.nextCursor);
  };
  return (
    <section className="console-page">
      <h1 className="kern-heading-large">{c.title}</h1>
      {error ? <Alert tone="danger" title={error} /> : null}
      <div className="kern-form-check">
        <input id="audit-mine" type="checkbox" className="kern-form-check__checkbox" checked={mine} onChange={(e) => setMine(e.target.checked)} />
        <label htmlFor="audit-mine" className="kern-label">{c.mine}</label>
      </div>
      <div className="console-table-wrap">
        <table className="kern-table">
          <caption className="kern-table__caption">{c.caption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[c.colAt, c.colWho, c.colWhat, c.colTenant, c.colDetail].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((e) => (
              <tr key={e.id} className="kern-table__row">
                <td className="kern-table__cell">{formatDateTime(e.at)}</td>
                <td className="kern-table__cell">{e.operatorName}</td>
                <td className="kern-table__cell">{c.actions[e.action] ?? e.action}</td>
                <td className="kern-table__cell">{e.tenantName ?? '–'}</td>
                <td className="kern-table__cell">{Object.entries(e.detail).map(([k, v]) => `${k}: ${String(v)}`).join(' · ') || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {items.length === 0 && !error ? <p className="kern-body">{c.none}</p> : null}
      {next ? (
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void more()}>
          <span className="kern-label">{c.more}</span>
        </button>
      ) : null}
    </section>
  );
}
