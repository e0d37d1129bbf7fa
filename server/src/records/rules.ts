import { AppError } from '../shared/errors.js';

/** What starts the retention period: closing the case, or the decision becoming final (bestandskräftig). */
export const RETENTION_STARTS = ['closed', 'decision_final'] as const;
export type RetentionStart = (typeof RETENTION_STARTS)[number];

/** xdomea's appraisal codes (Aussonderungsart): A archivwürdig, B zu bewerten, V vernichten. */
export const APPRAISALS = ['A', 'B', 'V'] as const;
export type Appraisal = (typeof APPRAISALS)[number];

export interface RetentionRule {
  periodMonths: number;
  startsAt: RetentionStart;
  appraisal: Appraisal;
}

/**
 * Used while a tenant has set no default: ten years after closing, and the archive decides (B).
 * Ten years is the longest period common in municipal filing plans, and B means nothing is destroyed
 * before the archive has answered, so a forgotten setting never loses a record.
 */
export const BUILT_IN_RULE: RetentionRule = { periodMonths: 120, startsAt: 'closed', appraisal: 'B' };

export const MAX_PERIOD_MONTHS = 1200;

export const STARTS_LABELS: Record<RetentionStart, string> = {
  closed: 'Abschluss des Vorgangs',
  decision_final: 'Bestandskraft des Bescheids',
};

export const APPRAISAL_LABELS: Record<Appraisal, string> = {
  A: 'archivwürdig (A)',
  B: 'zu bewerten (B)',
  V: 'vernichten (V)',
};

/** Checks a rule as the admin entered it; German errors name the field. */
export function checkRule(input: { periodMonths: number; startsAt: string; appraisal: string }): RetentionRule {
  if (!Number.isInteger(input.periodMonths) || input.periodMonths < 0 || input.periodMonths > MAX_PERIOD_MONTHS) {
    throw new AppError('validation_failed', {
      field: 'periodMonths',
      detail: `Die Aufbewahrungsfrist („periodMonths“) muss eine ganze Zahl von Monaten zwischen 0 und ${MAX_PERIOD_MONTHS} sein.`,
    });
  }
  if (!(RETENTION_STARTS as readonly string[]).includes(input.startsAt)) {
    throw new AppError('validation_failed', { field: 'startsAt', detail: 'Der Fristbeginn („startsAt“) muss „closed“ oder „decision_final“ sein.' });
  }
  if (!(APPRAISALS as readonly string[]).includes(input.appraisal)) {
    throw new AppError('validation_failed', { field: 'appraisal', detail: 'Die Archivbewertung („appraisal“) muss A, B oder V sein.' });
  }
  return { periodMonths: input.periodMonths, startsAt: input.startsAt as RetentionStart, appraisal: input.appraisal as Appraisal };
}
