import type { StagedAttachment, Submission } from '../types.js';
import type { IntakeLimits } from '../limits.js';
import type { NativeApplication } from '../schemas.js';
import { validateFormTree } from '../form-tree.js';
import { mailboxFrom } from '../applicant/identity.js';

/** The native API's document → the pipeline's submission. */
export function submissionFromNative(body: NativeApplication, attachments: StagedAttachment[], limits: IntakeLimits): Submission {
  const formData = validateFormTree(body.formData, 'formData', { maxDepth: limits.maxFormDepth, maxItems: limits.maxFormItems });
  return {
    channel: 'api',
    transactionId: body.transactionId,
    title: body.title,
    // The sender names its applicant itself; only the Postfach is read like every channel's, so the
    // mailbox side finds the Postfach service (bundid, osi, bayernid, muk) the same way.
    applicant: body.applicant.mailbox
      ? { ...body.applicant, mailbox: mailboxFrom({ identifier: body.applicant.mailbox.identifier, rawType: body.applicant.mailbox.type, accountType: body.applicant.mailbox.accountType, trustLevel: body.applicant.mailbox.trustLevel }) }
      : body.applicant,
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
