import { casesApi } from '../api/endpoints';
import type { CaseCounts } from '../api/types';
import { useAsync } from '../app/useAsync';
import { isoDate, startOfWeek } from '../i18n/format';

export interface WeekCount {
  weekStart: string;
  count: number;
}

export interface DashboardData {
  counts: CaseCounts;
  newThisWeek: number;
  weeks: WeekCount[];
}

/**
 * Figures for the dashboard from the counts endpoint: one call overall and one per week.
 * (A dedicated statistics endpoint would answer all of it in one query.)
 */
export function useDashboardData(weeks: number) {
  return useAsync<DashboardData>(async (signal) => {
    const monday = startOfWeek(new Date());
    const ranges = Array.from({ length: weeks }, (_, i) => {
      const from = new Date(monday);
      from.setDate(from.getDate() - 7 * (weeks - 1 - i));
      const to = new Date(from);
      to.setDate(to.getDate() + 6);
      return { from: isoDate(from), to: isoDate(to) };
    });
    const [counts, ...perWeek] = await Promise.all([
      casesApi.counts({}, signal),
      ...ranges.map((r) => casesApi.counts({ receivedFrom: r.from, receivedTo: r.to }, signal)),
    ]);
    const series = ranges.map((r, i) => ({ weekStart: r.from, count: perWeek[i]?.total ?? 0 }));
    return { counts: counts!, newThisWeek: series[series.length - 1]?.count ?? 0, weeks: series };
  }, [weeks]);
}
