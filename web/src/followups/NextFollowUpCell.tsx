import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import './followups.css';
import { OverdueBadge } from './OverdueBadge';

/** Inbox column "Wiedervorlage": the earliest open follow-up's date, marked when overdue. */
export function NextFollowUpCell({ next }: { next: { dueDate: string; overdue: boolean } | null | undefined }) {
  if (!next) return <span className="muted">{t.followUps.none}</span>;
  return (
    <span className="follow-up-due">
      <time dateTime={next.dueDate}>{formatDate(next.dueDate)}</time>
      {next.overdue ? <OverdueBadge /> : null}
    </span>
  );
}
