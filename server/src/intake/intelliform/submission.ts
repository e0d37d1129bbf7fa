import type { BlobStore } from '../../blobs/blob-store.js';
import { AppError } from '../../shared/errors.js';
import { classifyAttachment, type SubmissionBudget } from '../attachments.js';
import { intelliformIdentity } from '../applicant/channels.js';
import { resolveApplicant } from '../applicant/mapping.js';
import type { IntakeLimits } from '../limits.js';
import { readBounded } from '../multipart.js';
import { decodeStrictUtf8 } from '../../shared/safe-text.js';
import type { IdentifierHint, StagedAttachment, Submission } from '../types.js';
import { formTreeFromXml } from './form-xml.js';
import type { DepositAttachment, DepositData } from './deposit-collector.js';
import { applyLabels, labelBookFromTree } from './labels.js';

/**
 * depositData → submission. The attachments are already decoded into the blob store (streamed by
 * the DepositReader); here they are named and typed, and the primary data XML is read back.
 */
export async function submissionFromDeposit(data: DepositData, blobs: BlobStore, budget: SubmissionBudget, limits: IntakeLimits): Promise<Submission> {
  if (!data.id) throw new AppError('validation_failed', { field: 'data.id', detail: 'Die Kennung der Einreichung („data.id“) fehlt.' });
  if (!data.primaryDataAttachmentId) {
    throw new AppError('validation_failed', { field: 'data.primaryDataAttachmentId', detail: 'Die Angabe „primaryDataAttachmentId“ fehlt.' });
  }
  const primary = data.attachments.find((a) => a.id === data.primaryDataAttachmentId);
  if (!primary?.content) {
    throw new AppError('validation_failed', { field: 'data.attachments', detail: `Die Anlage mit den Formulardaten („${data.primaryDataAttachmentId}“) fehlt.` });
  }
  const treeLimits = { maxDepth: limits.maxFormDepth, maxItems: limits.maxFormItems };
  const rawForm = formTreeFromXml(await readXml(blobs, primary, limits, 'Formulardaten (XML)'), treeLimits);
  // The labelled rendition only lends its labels: the values and structure stay the primary data's.
  const rendition = labelledRendition(data, primary);
  const formData = rendition
    ? applyLabels(rawForm, labelBookFromTree(formTreeFromXml(await readXml(blobs, rendition, limits, 'Beschriftete Formulardaten (XML)'), treeLimits)))
    : rawForm;

  const attachments: StagedAttachment[] = [];
  for (const a of data.attachments) {
    const content = a.content!;
    const kind = a === primary ? 'primary-data' : a === rendition || (a.id && a.id === data.primaryFormAttachmentId) ? 'representation' : 'attachment';
    const { fileName, declared, sniffed } = await classifyAttachment(content.head, { fileName: a.name ?? a.id, declaredMimeType: a.contentType, kind }, budget);
    attachments.push({ fileName, mimeType: sniffed.mimeType, declaredMimeType: declared, sizeBytes: content.sizeBytes, sha256: content.sha256, kind, executable: sniffed.executable, scanStatus: content.scanStatus ?? 'not_scanned' });
  }
  const all = [...data.customParameters, ...data.attachments.flatMap((a) => a.attributes)];
  const identity = intelliformIdentity(all);
  const { applicant } = resolveApplicant(formData, 'intelliform', null, identity);
  const param = (pattern: RegExp) => data.customParameters.find((e) => pattern.test(e.key))?.value?.trim() || undefined;
  const stelle = param(/^(zustaendigeStelle|zuständigeStelle|ags|gemeindeschluessel)$/i);
  const orgUnit = param(/^(organisationseinheit|organisationsEinheitenId|orgUnit)$/i);
  const leikaKeys = (param(/^leika/i) ?? '').split(/[,;\s]+/).filter((k) => /^[0-9]{14}$/.test(k));
  return {
    channel: 'intelliform',
    transactionId: data.id,
    title: param(/^(formName|antragsname|titel|title)$/i),
    applicant,
    identity,
    formData,
    receivedAt: undefined,
    routing: {
      authority: stelle ?? data.clientId ?? data.client,
      orgUnit,
      orgUnitStrict: false,
      identifiers: identifierHints({ orgUnit, stelle, customer: data.customerId ?? data.customer, client: data.clientId ?? data.client }),
      leikaKeys,
    },
    attachments,
    meta: { ...(data.formId ? { formId: data.formId } : {}), ...(data.sender ? { sender: data.sender } : {}) },
  };
}

const LABELLED_NS = 'http://xmlns.cit.de/intelliform/pages/annotation/1.0';

/**
 * The labelled rendition intelliForm sends next to the primary data: the attachment a custom
 * parameter `labelledDataAttachmentId` names, else the (first) other XML attachment whose start
 * declares intelliForm's label annotation namespace.
 */
function labelledRendition(data: DepositData, primary: DepositAttachment): DepositAttachment | undefined {
  const named = data.customParameters.find((e) => e.key === 'labelledDataAttachmentId')?.value.trim();
  if (named) {
    const found = data.attachments.find((a) => a.id === named && a !== primary);
    if (!found) throw new AppError('validation_failed', { field: 'customParameters.labelledDataAttachmentId', detail: `Die Anlage mit den beschrifteten Formulardaten („${named}“) fehlt.` });
    return found;
  }
  return data.attachments.find((a) => a !== primary && a.content && a.content.head.includes(LABELLED_NS));
}

async function readXml(blobs: BlobStore, attachment: DepositAttachment, limits: IntakeLimits, what: string): Promise<string> {
  const content = attachment.content!;
  if (content.sizeBytes > limits.maxFormDataBytes) throw new AppError('payload_too_large', { detail: `${what}: Die Datei ist zu groß.` });
  return decodeStrictUtf8(await readBounded(await blobs.get(content.sha256), limits.maxFormDataBytes, what), what);
}

/** The deposit's routing parameters as identifier look-ups, the most specific first. */
function identifierHints(p: { orgUnit?: string; stelle?: string; customer?: string; client?: string }): IdentifierHint[] {
  const hints: IdentifierHint[] = [];
  if (p.orgUnit) hints.push({ field: 'customParameters.organisationseinheit', value: p.orgUnit, schemes: ['ozg_organisationseinheit', 'pvog_organisation'] });
  if (p.stelle) hints.push({ field: 'customParameters.zustaendigeStelle', value: p.stelle, schemes: ['ozg_zustaendige_stelle', 'pvog_organisation'] });
  if (p.customer) hints.push({ field: 'customerId', value: p.customer, schemes: ['intelliform_customer'] });
  if (p.client) hints.push({ field: 'clientId', value: p.client, schemes: ['intelliform_client'] });
  return hints;
}
