import { CASE_STATUSES, type CaseCounts } from '../api/types';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/de';

interface StatusChipsProps {
  selected: string[];
  counts: CaseCounts | undefined;
  onChange: (status: string[]) => void;
}

/** Counts per status as toggle chips; "Alle" clears the status filter. */
export function StatusChips({ selected, counts, onChange }: StatusChipsProps) {
  // Numbers per status only when counted exactly; beyond the limit the total says "mehr als 1.000".
  const count = (n: number | undefined) => (counts?.exact ? ` (${formatNumber(n ?? 0)})` : '');
  const toggle = (status: string) =>
    onChange(selected.includes(status) ? selected.filter((s) => s !== status) : [...selected, status]);
  return (
    <div className="chips" role="group" aria-label={t.inbox.statusFilter}>
      <button type="button" className="chip" aria-pressed={selected.length === 0} onClick={() => onChange([])}>
        {t.inbox.all}
        {counts && !counts.exact ? ` (${t.inbox.moreThan(counts.total)})` : count(counts?.total)}
      </button>
      {CASE_STATUSES.map((status) => (
        <button
          key={status}
          type="button"
          className={`chip chip--${status}`}
          aria-pressed={selected.includes(status)}
          onClick={() => toggle(status)}
        >
          {t.status[status]}
          {count(counts?.byStatus[status])}
        </button>
      ))}
    </div>
  );
}
