import { useState } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { xdomeaApi, type ProcessSummary } from './xdomeaApi';
import './xdomea.css';

const x = t.xdomea;
const p = x.processes;

function caseLine(process: ProcessSummary): string {
  return process.cases.map((c) => `${c.caseNumber}: ${x.caseState[c.state] ?? c.state}`).join(', ');
}

/** /aussonderung/xdomea — every hand-over and Aussonderung of the municipality, for the records role. */
export default function XdomeaProcessesPage() {
  const me = useMe();
  useTitle(p.title);
  const allowed = may(me, 'xdomea.archive');
  const list = useAsync((signal) => (allowed ? xdomeaApi.processes(signal) : Promise.resolve(null)), [allowed]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<string>();

  if (!allowed) {
    return (
      <section className="page">
        <h1 className="kern-heading-large">{p.title}</h1>
        <Alert tone="warning" title={p.notAllowed} />
      </section>
    );
  }
  const offer = async () => {
    setBusy(true);
    setNotice(undefined);
    setFailure(undefined);
    try {
      const started = await xdomeaApi.offer();
      setNotice(p.offered(started.processId));
      list.reload();
    } catch (e) {
      setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  const items = list.data?.items ?? [];
  return (
    <section className="page">
      <Link className="kern-link" href="/aussonderung">{t.destruction.title}</Link>
      <h1 className="kern-heading-large">{p.title}</h1>
      <p className="kern-body">{p.intro}</p>
      <div className="xdomea-actions">
        <button type="button" className="kern-btn kern-btn--primary" disabled={busy} onClick={() => void offer()}>
          <span className="kern-label">{p.offer}</span>
        </button>
      </div>
      <div aria-live="polite">
        {notice ? <Alert tone="success" title={notice} /> : null}
        {failure ? <Alert tone="danger" title={failure} /> : null}
      </div>
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      {!list.data && !list.error ? <p role="status">{t.app.loading}</p> : null}
      {list.data && !items.length ? <p className="kern-body muted">{p.none}</p> : null}
      {items.length ? (
        <table className="kern-table">
          <caption className="kern-table__caption">{p.caption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">{p.cols.map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}</tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((process) => (
              <tr key={process.id} className="kern-table__row">
                <td className="kern-table__cell">
                  <Link className="kern-link" href={`/aussonderung/xdomea/${process.id}`} aria-label={p.open(process.processId)}>
                    {p.kind[process.kind]} an {process.target.name}
                  </Link>
                </td>
                <td className="kern-table__cell"><code>{process.processId}</code></td>
                <td className="kern-table__cell">{p.state[process.state]}{process.lastError ? ` – ${process.lastError}` : ''}</td>
                <td className="kern-table__cell">{caseLine(process)}</td>
                <td className="kern-table__cell">{formatDateTime(process.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
