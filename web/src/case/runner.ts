import type { ApiError } from '../api/client';
import type { CaseDetail } from '../api/types';

export type RunResult = { ok: true } | { ok: false; fieldError?: ApiError };

/**
 * Performs one change on the case with its current version. Field errors come back to the dialog
 * that asked; conflicts and other refusals are shown by the page.
 */
export type Runner = (label: string, call: (version: number) => Promise<CaseDetail>) => Promise<RunResult>;
