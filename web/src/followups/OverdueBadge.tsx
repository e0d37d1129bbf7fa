import { t } from '../i18n/de';

/** "Überfällig" with an icon: the state is in the text, not in the colour alone. */
export function OverdueBadge() {
  return (
    <span className="kern-badge kern-badge--danger overdue-badge">
      <span className="kern-icon kern-icon--warning" aria-hidden="true" />
      <span className="kern-label kern-label--small">{t.followUps.overdue}</span>
    </span>
  );
}
