import type { CaseEvent } from '../api/types';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { describeEvent } from './eventText';

/** All events of the case, newest first. */
export function HistoryTimeline({ events }: { events: CaseEvent[] | undefined }) {
  const sorted = [...(events ?? [])].sort((a, b) => Number(b.seq) - Number(a.seq));
  return (
    <section className="case-section" aria-labelledby="history-heading">
      <h2 id="history-heading" className="kern-heading-medium">
        {t.caseDetail.history}
      </h2>
      {events === undefined ? (
        <p className="kern-body muted">{t.app.loading}</p>
      ) : sorted.length === 0 ? (
        <p className="kern-body muted">{t.caseDetail.historyEmpty}</p>
      ) : (
        <ol className="timeline">
          {sorted.map((e) => {
            const { title, details } = describeEvent(e);
            return (
              <li key={e.id} className="timeline__item">
                <p className="timeline__title">{title}</p>
                {details.map((d, i) => (
                  <p key={i} className="timeline__detail">
                    {d}
                  </p>
                ))}
                <p className="timeline__meta">
                  <time dateTime={e.occurredAt}>{formatDateTime(e.occurredAt)}</time> · {e.actor.name}
                </p>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
