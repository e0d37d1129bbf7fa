import { useTitle } from '../app/useTitle';
import { t } from '../i18n/de';

export default function DashboardPage() {
  useTitle(t.dashboard.title);
  return <h1 className="kern-heading-large">{t.dashboard.title}</h1>;
}
