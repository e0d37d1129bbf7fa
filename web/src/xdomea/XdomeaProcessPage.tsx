import { useState } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { ProcessMessages } from './ProcessMessages';
import { xdomeaApi } from './xdomeaApi';
import './xdomea.css';

const x = t.xdomea;
const p = x.processes;

/** /aussonderung/xdomea/:id — one process: its messages, and the state of each case in it. */
export default function XdomeaProcessPage({ id }: { id: string }) {
  const state = useAsync((signal) => xdomeaApi.process(id, signal), [id]);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const process = state.data;
  useTitle(process ? `${p.kind[process.kind]} ${process.processId}` : p.title);

  const transfer = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      state.setData(await xdomeaApi.transfer(id));
      setNotice(p.transferred);
    } catch (e) {
      setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="page">
      <Link className="kern-link" href="/aussonderung/xdomea">{p.back}</Link>
      {!process ? (
        state.error ? <Alert tone="danger" title={isApiError(state.error) ? state.error.detail : t.app.unexpectedError} /> : <p role="status">{t.app.loading}</p>
      ) : (
        <>
          <h1 className="kern-heading-large">{x.processTitle(process.target.name, process.kind)}</h1>
          <p className="kern-body">{x.processId}: <code>{process.processId}</code> · {p.state[process.state]} · {x.startedBy(process.startedBy, formatDateTime(process.createdAt))}</p>
          <div aria-live="polite">
            {notice ? <Alert tone="success" title={notice} /> : null}
            {failure ? <Alert tone="danger" title={failure} /> : null}
          </div>
          {process.lastError ? <Alert tone="warning" title={`${x.lastError}: ${process.lastError}`} /> : null}
          {process.kind === 'aussonderung' && process.cases.some((c) => c.state === 'archive') ? (
            <div className="xdomea-actions">
              <button type="button" className="kern-btn kern-btn--primary" disabled={busy} onClick={() => void transfer()}>
                <span className="kern-label">{p.transfer}</span>
              </button>
            </div>
          ) : null}
          <table className="kern-table">
            <caption className="kern-table__caption">{p.casesCaption}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">{p.caseCols.map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}</tr>
            </thead>
            <tbody className="kern-table__body">
              {process.cases.map((c) => (
                <tr key={c.caseId} className="kern-table__row">
                  <td className="kern-table__cell"><Link className="kern-link" href={`/vorgaenge/${c.caseId}`}>{c.caseNumber}</Link></td>
                  <td className="kern-table__cell">{x.caseState[c.state] ?? c.state}</td>
                  <td className="kern-table__cell">{c.reference ?? '–'}</td>
                  <td className="kern-table__cell">{c.reason ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ProcessMessages messages={process.messages} caption={x.messages} />
        </>
      )}
    </section>
  );
}
