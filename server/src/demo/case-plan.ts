import type { CaseStatus, TransitionAction } from '../cases/lifecycle.js';
import { CASE_STATUSES } from '../cases/lifecycle.js';
import type { SeededRandom } from './random.js';

/** Which status a demo case should end in, by its age: young cases are new, old ones mostly done. */
export function targetStatus(random: SeededRandom, ageDays: number): CaseStatus {
  if (ageDays < 3) return random.weighted([['new', 70], ['accepted', 20], ['forwarded', 5], ['in_progress', 5]] as const);
  if (ageDays < 14) {
    return random.weighted([['new', 20], ['accepted', 20], ['in_progress', 30], ['forwarded', 5], ['rejected', 5], ['decided', 15], ['reopened', 2]] as const);
  }
  if (ageDays < 45) {
    return random.weighted([['in_progress', 25], ['decided', 25], ['closed', 30], ['rejected', 8], ['reopened', 5], ['accepted', 5], ['forwarded', 2]] as const);
  }
  return random.weighted([['closed', 55], ['decided', 10], ['rejected', 12], ['deletion_requested', 10], ['reopened', 5], ['in_progress', 8]] as const);
}

/**
 * Makes sure every status occurs at least once (when there are at least 9 cases), spread over the list:
 * a missing status takes the place of a case whose status occurs more than once.
 */
export function coverAllStatuses(statuses: CaseStatus[]): CaseStatus[] {
  const out = [...statuses];
  const countOf = (status: CaseStatus) => out.filter((s) => s === status).length;
  CASE_STATUSES.forEach((status, k) => {
    if (out.includes(status)) return;
    // With fewer cases than statuses there may be no duplicate left to give up: keep what we have.
    if (!out.some((s) => countOf(s) > 1)) return;
    let index = Math.floor((k * out.length) / CASE_STATUSES.length);
    while (countOf(out[index]!) <= 1) index = (index + 1) % out.length;
    out[index] = status;
  });
  return out;
}

/** The actions that lead from 'new' to the target status, the way a real office would go. */
export function pathTo(random: SeededRandom, status: CaseStatus): TransitionAction[] {
  const done: TransitionAction[] = ['accept', 'start', 'decide', 'close'];
  switch (status) {
    case 'new':
      return [];
    case 'accepted':
      return ['accept'];
    case 'in_progress':
      return ['accept', 'start'];
    case 'decided':
      return ['accept', 'start', 'decide'];
    case 'closed':
      return random.chance(0.15) ? ['reject', 'close'] : done;
    case 'rejected':
      return ['reject'];
    case 'forwarded':
      return random.chance(0.5) ? ['forward'] : ['accept', 'forward'];
    case 'reopened':
      return [...done, 'reopen'];
    case 'deletion_requested':
      return random.chance(0.5) ? ['reject', 'request_deletion'] : [...done, 'request_deletion'];
  }
}

export const REJECTION_REASONS = [
  'Unterlagen unvollständig, Nachreichung nicht innerhalb der Frist erfolgt.',
  'Nicht zuständig: Die antragstellende Person wohnt nicht in Musterstadt.',
  'Doppelter Antrag, wird unter dem ersten Vorgang bearbeitet.',
  'Die Voraussetzungen nach der Satzung liegen nicht vor.',
];

/**
 * How long after the previous step an office typically takes an action, so the dashboard's
 * processing times look like a real office's: days to accept and start, weeks to decide.
 */
export function stepDelay(random: SeededRandom, action: TransitionAction): number {
  const between = (minHours: number, maxHours: number) => random.int(minHours * 60, maxHours * 60) * 60_000;
  switch (action) {
    case 'accept':
    case 'forward':
      return between(1, 2 * 24);
    case 'reject':
      return between(4, 6 * 24);
    case 'start':
      return between(2, 3 * 24);
    case 'decide':
      return between(2 * 24, 28 * 24);
    case 'close':
      return between(12, 10 * 24);
    case 'reopen':
      return between(3 * 24, 20 * 24);
    case 'request_deletion':
      return between(5 * 24, 40 * 24);
  }
}
