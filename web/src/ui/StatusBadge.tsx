import { t } from '../i18n/de';

export function StatusBadge({ status }: { status: string }) {
  return <span className={`status status--${status}`}>{t.status[status] ?? status}</span>;
}
