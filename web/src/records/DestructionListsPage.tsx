import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { isoToGerman } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { destructionApi } from './destructionApi';
import './records.css';

const d = t.destruction;

/** /aussonderung — the destruction lists of the municipality, for the records role. */
export default function DestructionListsPage() {
  const me = useMe();
  useTitle(d.title);
  const allowed = may(me, 'records.destroy');
  const lists = useAsync((signal) => (allowed ? destructionApi.lists(signal) : Promise.resolve(null)), [allowed]);

  if (!allowed) {
    return (
      <section className="page">
        <h1 className="kern-heading-large">{d.title}</h1>
        <Alert tone="warning" title={d.notAllowed} />
      </section>
    );
  }
  const items = lists.data?.items ?? [];
  return (
    <section className="page">
      <h1 className="kern-heading-large">{d.title}</h1>
      <p className="kern-body">{d.intro}</p>
      <p className="kern-body"><Link className="kern-link" href="/aussonderung/protokoll">{d.protocolLink}</Link></p>
      {may(me, 'xdomea.archive') ? <p className="kern-body"><Link className="kern-link" href="/aussonderung/xdomea">{t.xdomea.processes.link}</Link></p> : null}
      {lists.error ? <Alert tone="danger" title={isApiError(lists.error) ? lists.error.detail : t.app.unexpectedError} /> : null}
      {!lists.data && !lists.error ? <p role="status">{t.app.loading}</p> : null}
      {lists.data && items.length === 0 ? <p className="kern-body muted">{d.none}</p> : null}
      {items.length ? (
        <table className="kern-table">
          <caption className="kern-table__caption">{d.listsCaption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[d.list, d.asOf, d.stateLabel, d.counts].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {items.map((l) => (
              <tr key={l.id} className="kern-table__row">
                <td className="kern-table__cell">
                  <Link className="kern-link" href={`/aussonderung/listen/${l.id}`} aria-label={d.review(l.number)}>{d.listName(l.number)}</Link>
                </td>
                <td className="kern-table__cell">{isoToGerman(l.asOf.slice(0, 10))}</td>
                <td className="kern-table__cell">{d.state[l.state]}</td>
                <td className="kern-table__cell">{d.countLine(l.counts)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
