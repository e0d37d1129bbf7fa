import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import type { Deadline } from './api';
import './deadlines.css';

/** The state of a deadline in words: remaining working days, due today, overdue by, paused. */
export function deadlineText(d: Deadline): string {
  switch (d.status) {
    case 'overdue':
      return t.deadlines.overdueBy(Math.abs(d.remainingWorkingDays ?? 1));
    case 'due_today':
      return t.deadlines.dueToday;
    case 'paused':
      return t.deadlines.paused;
    case 'met':
      return t.deadlines.met;
    default:
      return t.deadlines.remaining(d.remainingWorkingDays ?? 0);
  }
}

const TONE: Record<Deadline['status'], string> = {
  overdue: 'danger',
  due_today: 'warning',
  paused: 'info',
  met: 'success',
  running: 'info',
};
const ICON: Record<Deadline['status'], string> = {
  overdue: 'warning',
  due_today: 'warning',
  paused: 'info',
  met: 'check',
  running: 'calendar-today',
};

/** The state as a KERN badge: the words carry the meaning, colour and icon only repeat it. */
export function DeadlineBadge({ deadline }: { deadline: Deadline }) {
  const soon = deadline.status === 'running' && (deadline.remainingWorkingDays ?? 99) <= 3;
  const tone = soon ? 'warning' : TONE[deadline.status];
  return (
    <span className={`kern-badge kern-badge--${tone} deadline-badge`} data-deadline={deadline.status}>
      <span className={`kern-icon kern-icon--${ICON[deadline.status]}`} aria-hidden="true" />
      <span className="kern-label kern-label--small">{deadlineText(deadline)}</span>
    </span>
  );
}

/** Inbox column "Frist": the due day and its state; running deadlines that are not close stay plain text. */
export function DeadlineCell({ deadline }: { deadline: Deadline | null | undefined }) {
  if (!deadline) return <span className="muted">{t.deadlines.none}</span>;
  return (
    <span className="deadline-cell">
      <time dateTime={deadline.dueOn}>{formatDate(deadline.dueOn)}</time>
      <DeadlineBadge deadline={deadline} />
    </span>
  );
}

/** „in Vertretung für …“ next to a case the signed-in person works as a deputy. */
export function DeputyBadge({ name }: { name: string }) {
  return (
    <span className="kern-badge kern-badge--info deputy-badge">
      <span className="kern-icon kern-icon--account-circle" aria-hidden="true" />
      <span className="kern-label kern-label--small">{t.deadlines.inDeputyFor(name)}</span>
    </span>
  );
}
