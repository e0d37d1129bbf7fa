import { describe, it } from 'node:test';
import assert from 'node:assert/strict';

/* The date parsing behind web/src/ui/DateField.tsx: what a person types as TT.MM.JJJJ becomes the API's yyyy-mm-dd. */
const webModule = new URL('../../web/src/i18n/format.ts', import.meta.url).href;
const { parseGermanDate, isoToGerman, isIsoDate } = (await import(webModule)) as {
  parseGermanDate: (s: string) => string | null; isoToGerman: (s: string) => string; isIsoDate: (s: string) => boolean;
};

describe('date field TT.MM.JJJJ', () => {
  it('reads German dates, short day and month, and a pasted ISO date', () => {
    assert.equal(parseGermanDate('24.12.2026'), '2026-12-24');
    assert.equal(parseGermanDate(' 1.2.2027 '), '2027-02-01');
    assert.equal(parseGermanDate('2026-12-24'), '2026-12-24');
    assert.equal(isoToGerman('2026-12-24'), '24.12.2026');
  });

  it('refuses what is no real day or is ambiguous, instead of guessing', () => {
    for (const bad of ['31.02.2026', '24.13.2026', '24.12.26', '24/12/2026', '12.24.2026', '', '2026-02-30']) {
      assert.equal(parseGermanDate(bad), null, bad);
    }
    assert.equal(isIsoDate('2024-02-29'), true);
    assert.equal(isIsoDate('2026-02-29'), false);
  });
});
