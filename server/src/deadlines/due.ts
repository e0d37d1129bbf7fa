import { addWorkingDays, berlinDay, type HolidayState } from './calendar.js';

/**
 * The due day of a new case: `workingDays` working days after the German calendar day it was
 * received (that day itself does not count), so it always falls on a working day. Null when the
 * service has no processing time.
 */
export function dueDayOf(receivedAt: Date, workingDays: number | null, state: HolidayState | null): string | null {
  if (!workingDays) return null;
  return addWorkingDays(berlinDay(receivedAt), workingDays, state);
}
