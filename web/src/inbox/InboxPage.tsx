import { useTitle } from '../app/useTitle';
import { t } from '../i18n/de';

export function InboxPage() {
  useTitle(t.inbox.title);
  return <h1 className="kern-heading-large">{t.inbox.title}</h1>;
}
