import { useEffect, useState, type RefObject } from 'react';
import { DateField } from '../ui/DateField';
import { isIsoDate } from '../i18n/format';
import type { Lookups } from '../app/lookups';
import { t } from '../i18n/de';
import { Select } from '../ui/Select';
import { hasActiveFilters, type InboxFilters } from './filters';

interface FilterBarProps {
  filters: InboxFilters;
  lookups: Lookups;
  onChange: (patch: Partial<InboxFilters>, replace?: boolean) => void;
  onReset: () => void;
  searchRef: RefObject<HTMLInputElement | null>;
}

/** Search (debounced into the URL) and the filter fields of the inbox. */
export function InboxFilterBar({ filters, lookups, onChange, onReset, searchRef }: FilterBarProps) {
  const [q, setQ] = useState(filters.q);
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => {
    if (q === filters.q) return;
    const timer = setTimeout(() => onChange({ q }, true), 300);
    return () => clearTimeout(timer);
  }, [q, filters.q, onChange]);

  const any = { value: '', label: t.inbox.anyOption };
  return (
    <div className="filters">
      <form
        role="search"
        className="filters__search kern-form-input"
        onSubmit={(e) => {
          e.preventDefault();
          onChange({ q }, true);
        }}
      >
        <label className="kern-label" htmlFor="inbox-search">
          {t.inbox.search}
        </label>
        <p className="kern-hint" id="inbox-search-hint">
          {t.inbox.searchHint}
        </p>
        <input
          id="inbox-search"
          ref={searchRef}
          type="search"
          className="kern-form-input__input"
          placeholder={t.inbox.searchPlaceholder}
          aria-describedby="inbox-search-hint"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </form>
      <div className="filters__grid">
        <Select
          label={t.inbox.service}
          value={filters.serviceId}
          onChange={(serviceId) => onChange({ serviceId })}
          options={[any, ...lookups.services.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <Select
          label={t.inbox.orgUnit}
          value={filters.orgUnitId}
          onChange={(orgUnitId) => onChange({ orgUnitId })}
          options={[any, ...lookups.orgUnits.map((o) => ({ value: o.id, label: o.name }))]}
        />
        <Select
          label={t.inbox.assignee}
          value={filters.assignee}
          onChange={(assignee) => onChange({ assignee })}
          options={[
            { value: '', label: t.inbox.assigneeAny },
            { value: 'me', label: t.inbox.assigneeMe },
            { value: 'none', label: t.inbox.assigneeNone },
            ...lookups.users.map((u) => ({ value: u.id, label: u.displayName })),
          ]}
        />
        <Select
          label={t.followUps.filter}
          value={filters.followUp}
          onChange={(followUp) => onChange({ followUp })}
          options={[
            { value: '', label: t.followUps.filterAny },
            { value: 'overdue', label: t.followUps.filterOverdue },
          ]}
        />
        <Select
          label={t.deadlines.filter}
          value={filters.deadline}
          onChange={(deadline) => onChange({ deadline })}
          options={[
            { value: '', label: t.deadlines.filterAny },
            { value: 'overdue', label: t.deadlines.filterOverdue },
            { value: 'soon', label: t.deadlines.filterDueSoon },
            { value: 'paused', label: t.deadlines.filterPaused },
            { value: 'running', label: t.deadlines.filterRunning },
          ]}
        />
        <div className="kern-form-check filters__check">
          <input
            className="kern-form-check__checkbox"
            type="checkbox"
            id="inbox-deputy"
            aria-describedby="inbox-deputy-hint"
            checked={filters.deputy === 'true'}
            onChange={(e) => onChange({ deputy: e.target.checked ? 'true' : '' })}
          />
          <label className="kern-label" htmlFor="inbox-deputy">
            {t.deadlines.deputyFilter}
          </label>
          <p className="kern-hint" id="inbox-deputy-hint">
            {t.deadlines.deputyFilterHint}
          </p>
        </div>
        <DateField
          id="inbox-from"
          label={t.inbox.receivedFrom}
          value={filters.receivedFrom}
          max={filters.receivedTo || undefined}
          onChange={(receivedFrom) => (receivedFrom === '' || isIsoDate(receivedFrom) ? onChange({ receivedFrom }) : undefined)}
        />
        <DateField
          id="inbox-to"
          label={t.inbox.receivedTo}
          value={filters.receivedTo}
          min={filters.receivedFrom || undefined}
          onChange={(receivedTo) => (receivedTo === '' || isIsoDate(receivedTo) ? onChange({ receivedTo }) : undefined)}
        />
      </div>
      {hasActiveFilters(filters) ? (
        <button type="button" className="kern-btn kern-btn--tertiary filters__reset" onClick={onReset}>
          <span className="kern-icon kern-icon--close" aria-hidden="true" />
          <span className="kern-label">{t.inbox.resetFilters}</span>
        </button>
      ) : null}
    </div>
  );
}
