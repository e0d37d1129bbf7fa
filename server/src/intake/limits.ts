import type { AppConfig } from '../config.js';

/** Size and shape limits of one submission, for every channel. */
export interface IntakeLimits {
  /** Per attachment (decoded bytes). Default 50 MB. */
  maxAttachmentBytes: number;
  /** Whole submission (all attachments and form data). Default 200 MB. */
  maxSubmissionBytes: number;
  /** Multipart parts / SOAP attachments per submission. */
  maxParts: number;
  /** JSON or XML form data (without attachments). */
  maxFormDataBytes: number;
  /** Nesting depth of the form tree (groups inside groups). */
  maxFormDepth: number;
  /** Form items in the whole tree. */
  maxFormItems: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxAttachmentBytes: 50 * 1024 * 1024,
  maxSubmissionBytes: 200 * 1024 * 1024,
  maxParts: 100,
  maxFormDataBytes: 5 * 1024 * 1024,
  maxFormDepth: 20,
  maxFormItems: 10_000,
};

const fromEnv = (name: string): number | undefined => {
  const v = process.env[name];
  return v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : undefined;
};

/** Defaults, overridden by environment (AMTSDESK_INTAKE_*), overridden by config.intake (tests). */
export function intakeLimits(config: AppConfig): IntakeLimits {
  const env: Partial<IntakeLimits> = {
    maxAttachmentBytes: fromEnv('AMTSDESK_INTAKE_MAX_ATTACHMENT_BYTES'),
    maxSubmissionBytes: fromEnv('AMTSDESK_INTAKE_MAX_SUBMISSION_BYTES'),
    maxParts: fromEnv('AMTSDESK_INTAKE_MAX_PARTS'),
  };
  const merged = { ...DEFAULT_INTAKE_LIMITS };
  for (const source of [env, config.intake ?? {}]) {
    for (const [k, v] of Object.entries(source)) if (typeof v === 'number') (merged as Record<string, number>)[k] = v;
  }
  return merged;
}
