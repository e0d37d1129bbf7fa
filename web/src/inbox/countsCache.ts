import { useEffect, useRef, useState } from 'react';
import type { Query } from '../api/client';
import { casesApi } from '../api/endpoints';
import type { CaseCounts } from '../api/types';
import { annotationOf, liveConnected, onLiveMessage, type LiveMessage } from '../live/liveEvents';

/*
 * The inbox's status counts, fetched only when they can have changed (issue #20). Counts depend on
 * the filters without status and sort, so switching a status chip, sorting or coming back from a
 * case costs no request. A live notice about a case (new, status, assignee, org unit …) makes
 * every cached answer stale; a note only those with a search text (notes are searched), a
 * follow-up only those filtered by overdue follow-ups. Without an open live connection nothing is
 * trusted from the cache: "no notice" would not mean "no change".
 */

interface Entry {
  counts: CaseCounts;
  query: Query;
}

const MAX_ENTRIES = 20;
/** Notices come in bursts (an intake batch, a bulk action): one refetch after the burst. */
const REFETCH_DELAY_MS = 500;
const cache = new Map<string, Entry>();
const subscribers = new Set<() => void>();

function invalidatedBy(message: LiveMessage, entry: Entry): boolean {
  if (message.type === 'notification') return false;
  const annotation = message.type === 'case.changed' ? annotationOf(message) : null;
  if (annotation === 'note') return Boolean(entry.query.q);
  if (annotation === 'follow_up') return Boolean(entry.query.followUp);
  return true;
}

onLiveMessage((message) => {
  let changed = false;
  for (const [key, entry] of cache) {
    if (invalidatedBy(message, entry)) {
      cache.delete(key);
      changed = true;
    }
  }
  if (changed) for (const notify of subscribers) notify();
});

/** The counts for these filters (status and sort left out by the caller); undefined while loading. */
export function useCaseCounts(query: Query): CaseCounts | undefined {
  const key = JSON.stringify(query);
  const [counts, setCounts] = useState<CaseCounts | undefined>(() => cache.get(key)?.counts);
  const [stale, setStale] = useState(0);
  const lastStale = useRef(stale);

  useEffect(() => {
    const notify = () => setStale((n) => n + 1);
    subscribers.add(notify);
    return () => {
      subscribers.delete(notify);
    };
  }, []);

  useEffect(() => {
    const cached = liveConnected() ? cache.get(key) : undefined;
    if (cached) {
      setCounts(cached.counts);
      return;
    }
    // Right away for new filters; after a short pause when a notice made the answer stale.
    const delay = stale !== lastStale.current ? REFETCH_DELAY_MS : 0;
    lastStale.current = stale;
    const controller = new AbortController();
    const fetchQuery = JSON.parse(key) as Query;
    const timer = setTimeout(() => {
      casesApi
        .counts(fetchQuery, controller.signal)
        .then((fresh) => {
          cache.delete(key);
          cache.set(key, { counts: fresh, query: fetchQuery });
          if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
          setCounts(fresh);
        })
        .catch(() => {
          // The list shows its own error; the chips simply keep their last numbers.
        });
    }, delay);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [key, stale]);

  return counts;
}
