import { t } from '../i18n/de';
import { useTitle } from './useTitle';

/** Placeholder until the tenant administration UI exists (users, org units, services). */
export function AdminPage() {
  useTitle(t.admin.title);
  return (
    <section className="page">
      <h1 className="kern-heading-large">{t.admin.title}</h1>
      <p className="kern-body">{t.admin.notYet}</p>
      <a className="kern-link" href="/api/docs">
        {t.admin.apiDocs}
      </a>
    </section>
  );
}
