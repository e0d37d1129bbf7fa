import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The published FIT-Connect metadata schema (see SOURCE.md), validated with JSON Schema 2020-12. */
const schema = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'metadata.schema.v1.0.0.json'), 'utf8')) as object;
const ajv = new Ajv2020({ allErrors: false, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const validate = ajv.compile(schema);

export interface FitMetadata {
  contentStructure: {
    data?: { hash: { type: 'sha512'; content: string }; submissionSchema: { schemaUri: string; mimeType: 'application/json' | 'application/xml' } };
    attachments: Array<{ attachmentId: string; hash: { type: 'sha512'; content: string }; purpose: 'form' | 'attachment' | 'report'; filename?: string; mimeType: string; description?: string }>;
  };
  publicServiceType?: { identifier: string; name?: string };
  replyChannel?: { fink?: { finkPostfachRef: string; host?: string }; eMail?: { address: string }; deMail?: { address: string } };
  authenticationInformation?: Array<{ type: string; version: string; content: string }>;
  additionalReferenceInfo?: { senderReference?: string; applicationDate?: string };
}

/** null when valid, otherwise a German reason naming the offending place. */
export function metadataProblem(value: unknown): string | null {
  if (validate(value)) return null;
  const e = validate.errors![0]!;
  return `Die Metadaten entsprechen nicht dem FIT-Connect-Schema 1.0.0 (${e.instancePath || '/'}: ${e.message ?? e.keyword}).`;
}
