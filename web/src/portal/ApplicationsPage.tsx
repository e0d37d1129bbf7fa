import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { portalApi } from './api';
import { ParticipationList } from '../participants/ParticipationPage';

const p = t.portal;

/** The applicant's own applications, newest first, as cards (readable on a phone). */
export function ApplicationsPage() {
  useTitle(p.applicationsTitle);
  const state = useAsync((signal) => portalApi.applications(signal), []);
  return (
    <section>
      <h1 className="kern-heading-large">{p.applicationsTitle}</h1>
      {state.error ? <Alert tone="danger" title={isApiError(state.error) ? state.error.detail : t.app.unexpectedError} /> : null}
      {!state.data ? <p role="status">{t.app.loading}</p> : state.data.items.length === 0 ? <p className="kern-body">{p.applicationsEmpty}</p> : (
        <ul className="portal-list">
          {state.data.items.map((a) => (
            <li key={a.id} className="portal-card portal-card--link">
              <h2 className="kern-heading-small portal-card__title">
                <Link className="kern-link" href={`/portal/antraege/${a.id}`}>{a.title}</Link>
              </h2>
              <dl className="portal-facts">
                <div><dt>{p.caseNumber}</dt><dd>{a.caseNumber}</dd></div>
                <div><dt>{p.status}</dt><dd><span className={`portal-status portal-status--${a.status}`}>{p.statusLabels[a.status] ?? a.status}</span></dd></div>
                <div><dt>{p.receivedAt}</dt><dd>{formatDate(a.receivedAt)}</dd></div>
              </dl>
              {a.unreadMessages ? <p className="portal-unread"><strong>{p.unread(a.unreadMessages)}</strong></p> : null}
            </li>
          ))}
        </ul>
      )}
      <ParticipationList />
    </section>
  );
}
