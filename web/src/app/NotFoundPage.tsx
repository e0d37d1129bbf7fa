import { t } from '../i18n/de';
import { Link } from './router';
import { useTitle } from './useTitle';

export function NotFoundPage() {
  useTitle(t.app.notFoundTitle);
  return (
    <section className="page">
      <h1 className="kern-heading-large">{t.app.notFoundTitle}</h1>
      <p className="kern-body">{t.app.notFoundText}</p>
      <Link className="kern-link" href="/">
        {t.app.backToInbox}
      </Link>
    </section>
  );
}
