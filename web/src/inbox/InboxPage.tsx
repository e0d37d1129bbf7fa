import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { isApiError } from '../api/client';
import { casesApi } from '../api/endpoints';
import type { CaseCounts, CaseSummary } from '../api/types';
import { useLookups } from '../app/lookups';
import { navigate, useLocation } from '../app/router';
import { useTitle } from '../app/useTitle';
import { formatNumber } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { CaseTable } from './CaseTable';
import { filtersFromParams, filtersToQuery, filtersToSearch, type InboxFilters } from './filters';
import { InboxFilterBar } from './InboxFilterBar';
import { StatusChips } from './StatusChips';
import { useInboxKeys } from './useInboxKeys';
import { useCaseCounts } from './countsCache';
import { BulkBar } from './BulkBar';
import { useInboxLive } from '../live/useInboxLive';
import { may, useMe } from '../auth/session';
import { SavedViewsMenu } from '../views/SavedViewsMenu';
import { SearchTooBroadHint } from './SearchTooBroadHint';
import { DelegatedCasesPanel } from '../delegation/DelegatedCasesPanel';

const PAGE_SIZE = 50;

/** "/" — the caseworker's list of cases; every filter lives in the URL. */
export function InboxPage() {
  useTitle(t.inbox.title);
  const { search } = useLocation();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(search)), [search]);
  const lookups = useLookups();
  const searchRef = useRef<HTMLInputElement>(null);
  useInboxKeys(searchRef);

  const [items, setItems] = useState<CaseSummary[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string>();
  /** The server refused the search as too broad for its budget: a hint instead of the list. */
  const [tooBroad, setTooBroad] = useState(false);
  const [reloadTick, setReloadTick] = useState(0);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  // Status counts: fetched for new filters and when a live notice says they changed (countsCache.ts).
  const counts = useCaseCounts(useMemo(() => filtersToQuery(filters, false), [filters]));
  const live = useInboxLive(items, setItems, () => setReloadTick((n) => n + 1));
  const canBulk = may(useMe(), 'case.assign', 'case.transition');
  useEffect(() => setSelected(new Set()), [filters]);

  useEffect(() => {
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    setTooBroad(false);
    const query = { ...filtersToQuery(filters), sort: filters.sort, limit: PAGE_SIZE };
    casesApi
      .list(query, controller.signal)
      .then((list) => {
        setItems(list.items);
        setCursor(list.nextCursor);
      })
      .catch((e: unknown) => {
        if (controller.signal.aborted) return;
        if (isApiError(e, 'search_too_broad')) {
          setItems([]);
          setCursor(null);
          setTooBroad(true);
        } else setError(isApiError(e) ? e.detail : t.app.unexpectedError);
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [filters, reloadTick]);

  const loadMore = async () => {
    if (!cursor) return;
    setLoading(true);
    try {
      const page = await casesApi.list({ ...filtersToQuery(filters), sort: filters.sort, limit: PAGE_SIZE, cursor });
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      if (isApiError(e, 'search_too_broad')) setTooBroad(true);
      else setError(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setLoading(false);
    }
  };

  const update = useCallback(
    (patch: Partial<InboxFilters>, replace = false) => {
      navigate(`/${filtersToSearch({ ...filters, ...patch })}`, { replace });
    },
    [filters],
  );

  // Beyond the counting limit (search text, date range) only "more than 1,000" is known.
  const total = counts && !counts.exact
    ? undefined
    : filters.status.length
      ? filters.status.reduce((sum, s) => sum + (counts?.byStatus[s as keyof CaseCounts['byStatus']] ?? 0), 0)
      : counts?.total;
  const totalText = counts && !counts.exact ? t.inbox.totalAtLeast(counts.total) : total !== undefined ? t.inbox.total(total) : undefined;

  return (
    <section className="page inbox">
      <div className="page__header">
        <h1 className="kern-heading-large">{t.inbox.title}</h1>
        <p className="kern-body muted" role="status" aria-live="polite">
          {loading ? t.app.loading : totalText !== undefined ? `${t.inbox.shown(items.length)} · ${totalText}` : ''}
        </p>
      </div>
      <div role="status" className="live-banner">
        {live.newCount > 0 ? (
          <button type="button" className="kern-btn kern-btn--secondary" onClick={live.showNew}>
            <span className="kern-icon kern-icon--autorenew" aria-hidden="true" />
            <span className="kern-label">{t.live.newCases(live.newCount)}</span>
          </button>
        ) : null}
      </div>
      <DelegatedCasesPanel />
      <SavedViewsMenu currentQuery={filtersToSearch(filters).replace(/^\?/, '')} />
      <StatusChips selected={filters.status} counts={counts} onChange={(status) => update({ status })} />
      <InboxFilterBar
        filters={filters}
        lookups={lookups}
        onChange={update}
        onReset={() => navigate(filters.sort === '-received_at' ? '/' : `/?sort=${filters.sort}`)}
        searchRef={searchRef}
      />
      {error ? (
        <Alert tone="danger" title={error}>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setReloadTick((n) => n + 1)}>
            <span className="kern-label">{t.app.retry}</span>
          </button>
        </Alert>
      ) : null}
      {canBulk ? (
        <BulkBar
          selected={selected}
          items={items}
          lookups={lookups}
          onClear={() => setSelected(new Set())}
          onFinished={(failed) => {
            setSelected(failed);
            setReloadTick((n) => n + 1);
          }}
        />
      ) : null}
      {tooBroad ? (
        <SearchTooBroadHint onClearSearch={() => update({ q: '' })} />
      ) : (
        <CaseTable
          items={items}
          sort={filters.sort}
          onSortChange={(sort) => update({ sort })}
          loading={loading}
          selection={canBulk ? { keys: selected, onChange: setSelected } : undefined}
        />
      )}
      {cursor ? (
        <div className="inbox__more">
          <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void loadMore()} disabled={loading}>
            <span className="kern-label">{t.inbox.loadMore}</span>
          </button>
          {total !== undefined ? <span className="muted">{`${formatNumber(items.length)} / ${formatNumber(total)}`}</span> : null}
          {total === undefined && totalText ? <span className="muted">{`${formatNumber(items.length)} / ${totalText}`}</span> : null}
        </div>
      ) : null}
    </section>
  );
}
