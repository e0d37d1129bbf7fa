import { AppError } from '../shared/errors.js';
import type { Applicant } from '../portal/sessions.js';

/**
 * The STORK-QAA level a portal session proved: an e-mail link proves control of the address (level
 * 1); a user-account sign-in the level its provider reported (unknown counts as 1).
 */
export function sessionTrustLevel(applicant: Pick<Applicant, 'method' | 'trustLevel'>): number {
  if (applicant.method !== 'oidc') return 1;
  const level = /([1-4])$/.exec(applicant.trustLevel ?? '');
  return level ? Number(level[1]) : 1;
}

const LEVEL_NAMES: Record<number, string> = { 2: 'niedrig', 3: 'substanziell', 4: 'hoch' };

/** A participant of a service that asks for more than the session proved is told how to sign in instead (403, nothing shown). */
export function trustLevelRefusal(required: number | null, proved: number): AppError | null {
  if (!required || proved >= required) return null;
  return new AppError('trust_level_too_low', {
    detail: `Für diesen Vorgang melden Sie sich bitte mit Ihrem Servicekonto an (Vertrauensniveau „${LEVEL_NAMES[required] ?? required}“ oder höher).`,
    extra: { requiredTrustLevel: `STORK-QAA-Level-${required}` },
  });
}
