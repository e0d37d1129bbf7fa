import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { addWorkingDays, easterSunday, holidaysOf, nextWorkingDay, nonWorkingReason, workingDaysBetween } from './calendar.js';

describe('German public holiday calendar', () => {
  it('finds Easter Sunday for known years', () => {
    // Published dates (e.g. Physikalisch-Technische Bundesanstalt).
    assert.deepEqual([2019, 2024, 2025, 2026, 2027, 2038, 2285].map(easterSunday),
      ['2019-04-21', '2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2038-04-25', '2285-03-22']);
  });

  it('knows the nationwide and the state-specific holidays of 2026', () => {
    const nationwide = [...holidaysOf(2026, null).keys()].sort();
    assert.deepEqual(nationwide, ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03', '2026-12-25', '2026-12-26']);
    assert.equal(holidaysOf(2026, 'BY').get('2026-06-04'), 'Fronleichnam');
    assert.equal(holidaysOf(2026, 'SH').get('2026-10-31'), 'Reformationstag');
    assert.equal(holidaysOf(2017, 'NW').get('2017-10-31'), 'Reformationstag (500. Jahrestag)');
    assert.equal(holidaysOf(2016, 'SH').has('2016-10-31'), false);
    assert.equal(holidaysOf(2026, 'SN').get('2026-11-18'), 'Buß- und Bettag');
    assert.equal(holidaysOf(2027, 'SN').get('2027-11-17'), 'Buß- und Bettag');
    assert.equal(holidaysOf(2026, 'BE').get('2026-03-08'), 'Internationaler Frauentag');
    assert.equal(holidaysOf(2026, 'TH').get('2026-09-20'), 'Weltkindertag');
    assert.equal(holidaysOf(2026, 'SL').get('2026-08-15'), 'Mariä Himmelfahrt');
    assert.equal(holidaysOf(2026, 'HE').has('2026-11-01'), false);
    assert.equal(holidaysOf(2026, 'BW').get('2026-01-06'), 'Heilige Drei Könige');
  });

  it('counts working days over Easter and 3 October', () => {
    // Thu 2 Apr 2026 + 1 working day: Good Friday, weekend and Easter Monday are skipped → Tue 7 Apr.
    assert.equal(addWorkingDays('2026-04-02', 1, null), '2026-04-07');
    // Fri 2 Oct 2026 + 1: Sat 3 Oct (a holiday on a Saturday), Sunday → Mon 5 Oct.
    assert.equal(addWorkingDays('2026-10-02', 1, null), '2026-10-05');
    // Fri 30 Oct 2026 + 1 in Schleswig-Holstein: Sat 31 Oct → Mon 2 Nov; in Bavaria too (1 Nov is a Sunday).
    assert.equal(addWorkingDays('2026-10-30', 1, 'SH'), '2026-11-02');
    assert.equal(workingDaysBetween('2026-03-30', '2026-04-10', null), 7);
    assert.equal(workingDaysBetween('2026-04-10', '2026-03-30', null), 0);
  });

  it('moves a day that is no working day to the next one and says why', () => {
    assert.equal(nextWorkingDay('2026-10-03', null), '2026-10-05');
    assert.equal(nextWorkingDay('2026-04-03', null), '2026-04-07');
    assert.equal(nonWorkingReason('2026-04-06', null), 'Feiertag (Ostermontag)');
    assert.equal(nonWorkingReason('2026-10-03', null), 'Samstag');
    assert.equal(nonWorkingReason('2026-06-04', 'NW'), 'Feiertag (Fronleichnam)');
    assert.equal(nonWorkingReason('2026-06-04', 'SH'), null);
  });
});
