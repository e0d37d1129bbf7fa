import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { consoleApi } from './api';
import { formatDateTime } from './format';

const c = t.console.instances;

/** Database state and every instance that reported itself (heartbeat), with its version. */
export function InstancesPage() {
  const health = useAsync((signal) => consoleApi.health(signal), []);
  const data = health.data;
  const versions = new Set(data?.instances.filter((i) => i.state === 'running').map((i) => i.version));
  return (
    <section className="console-page">
      <h1 className="kern-heading-large">{c.title}</h1>
      {health.error ? <Alert tone="danger" title={isApiError(health.error) ? health.error.detail : t.app.unexpectedError} /> : null}
      {data ? (
        <>
          <dl className="console-facts">
            <dt>{c.database}</dt>
            <dd>{data.database === 'ok' ? c.dbOk : c.dbFailed}</dd>
            <dt>{c.version}</dt>
            <dd>{data.version}</dd>
          </dl>
          {versions.size > 1 ? <Alert tone="warning" title={c.versionsDiffer} /> : null}
          <div className="console-table-wrap">
            <table className="kern-table">
              <caption className="kern-table__caption">{c.caption}</caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  {[c.colId, c.colRole, c.colVersion, c.colHost, c.colStarted, c.colSeen, c.colState].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {data.instances.map((i) => (
                  <tr key={i.id} className="kern-table__row">
                    <th scope="row" className="kern-table__cell">{i.id} {i.current ? <span className="muted">{c.current}</span> : null}</th>
                    <td className="kern-table__cell">{i.role}</td>
                    <td className="kern-table__cell">{i.version}</td>
                    <td className="kern-table__cell">{i.host}</td>
                    <td className="kern-table__cell">{formatDateTime(i.startedAt)}</td>
                    <td className="kern-table__cell">{i.silentSeconds === null ? c.noBeat : c.secondsAgo(i.silentSeconds)}</td>
                    <td className="kern-table__cell">{i.state === 'running' ? c.running : c.silent}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
