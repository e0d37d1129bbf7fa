export interface BackoffSettings {
  /** Delay after the first failed attempt (before jitter). */
  baseMs: number;
  /** Upper bound of any delay. */
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": after the n-th failed attempt the next one is due in
 * [d/2, d] with d = min(max, base · 2^(n-1)). The jitter spreads retries of many messages that
 * failed together (a receiver that was down) so they do not hit the receiver in one burst.
 */
export function backoffDelayMs(failedAttempts: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const exponent = Math.max(0, failedAttempts - 1);
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.min(exponent, 40));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
