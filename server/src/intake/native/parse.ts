import type { StagedAttachment, Submission } from '../types.js';
import type { IntakeLimits } from '../limits.js';
import type { NativeApplication } from '../schemas.js';
import { validateFormTree } from '../form-tree.js';

/** The native API's document → the pipeline's submission. */
export function submissionFromNative(body: NativeApplication, attachments: StagedAttachment[], limits: IntakeLimits): Submission {
  const formData = validateFormTree(body.formData, 'formData', { maxDepth: limits.maxFormDepth, maxItems: limits.maxFormItems });
  return {
    channel: 'api',
    transactionId: body.transactionId,
    title: body.title,
    applicant: body.applicant,
    formData,
    receivedAt: body.receivedAt ? new Date(body.receivedAt) : undefined,
    priority: body.priority,
    routing: {
      authority: body.authority,
      orgUnit: body.orgUnitId,
      orgUnitStrict: true,
      serviceId: body.serviceId,
      leikaKeys: body.serviceKey ? [body.serviceKey] : [],
      serviceField: body.serviceId ? 'serviceId' : 'serviceKey',
    },
    attachments,
  };
}
