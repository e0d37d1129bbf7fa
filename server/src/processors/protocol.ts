import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Applicant, FormItem } from '../db/schema.js';

/**
 * The processor contract (docs/integration.md, „Prozessoren“): Amtsdesk POSTs the application,
 * signed per Standard Webhooks with the processor's secret; the processor answers 200 with
 * results in this shape. Everything is bounded: what does not fit is an invalid answer.
 */
export const PROCESSOR_PROTOCOL = 'amtsdesk.processor/1';
export const MAX_RESPONSE_BYTES = 256 * 1024;

export const Severity = Type.Union([Type.Literal('error'), Type.Literal('warning'), Type.Literal('info')]);
export const ProcessorCheckSchema = Type.Object({
  passed: Type.Boolean(),
  severity: Severity,
  message: Type.String({ minLength: 1, maxLength: 500 }),
  field: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ProcessorCheck = Static<typeof ProcessorCheckSchema>;

export const SuggestionSchema = Type.Object({
  action: Type.Union([Type.Literal('accept'), Type.Literal('request_info'), Type.Literal('route')], {
    description: 'accept = annehmen, request_info = bei der antragstellenden Person nachfragen, route = an eine andere Organisationseinheit weiterleiten',
  }),
  /** route: the org unit by its short code (as the admin sees it) or id. */
  orgUnit: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  message: Type.Optional(Type.String({ maxLength: 2000, description: 'request_info: was nachgefragt werden soll' })),
  reason: Type.Optional(Type.String({ maxLength: 500 })),
});
export type ProcessorSuggestion = Static<typeof SuggestionSchema>;

export const ExtractedValue = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
export const ProcessorAnswerSchema = Type.Object({
  checks: Type.Array(ProcessorCheckSchema, { maxItems: 200 }),
  extracted: Type.Optional(Type.Record(Type.String({ pattern: '^[A-Za-z0-9_.-]{1,100}$' }), ExtractedValue)),
  suggestion: Type.Optional(Type.Union([SuggestionSchema, Type.Null()])),
});
export type ProcessorAnswer = Static<typeof ProcessorAnswerSchema>;
const MAX_EXTRACTED = 50;

export interface ProcessorRequest {
  protocol: typeof PROCESSOR_PROTOCOL;
  runId: string;
  case: {
    id: string; caseNumber: string; receivedAt: string;
    service: { id: string; name: string; leikaKey: string };
    applicant: Applicant; formData: FormItem[];
    attachments: Array<{ id: string; filename: string; contentType: string; size: number; sha256: string; href: string }>;
  };
}

/** The processor's answer, checked against the contract; null when it is not one. */
export function parseAnswer(text: string): ProcessorAnswer | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  if (!Value.Check(ProcessorAnswerSchema, json)) return null;
  if (Object.keys(json.extracted ?? {}).length > MAX_EXTRACTED) return null;
  if (json.suggestion?.action === 'route' && !json.suggestion.orgUnit) return null;
  return json;
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Failed before passed, then error, warning, info: what needs a person's eye comes first. */
export function sortChecks(checks: ProcessorCheck[]): ProcessorCheck[] {
  return [...checks].sort((a, b) => Number(a.passed) - Number(b.passed) || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
