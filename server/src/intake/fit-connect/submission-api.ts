import { AppError } from '../../shared/errors.js';
import type { OutboundPolicy } from '../../shared/outbound/index.js';
import { submissionFetch, type SubmissionApiAccess } from './submission-auth.js';

/** The parts of the FIT-Connect Submission API (v1) a subscriber needs to fetch submissions. */
export interface SubmissionEnvelope {
  submissionId: string;
  destinationId: string;
  caseId?: string;
  encryptedMetadata: string;
  encryptedData?: string;
  attachments?: string[];
}

/** Even a fresh token was refused: the client credentials (or their scope) are wrong. */
function refusedSignIn(res: Response): AppError {
  void res.body?.cancel().catch(() => {});
  return new AppError('unavailable', { detail: `Die FIT-Connect-Submission-API lehnt den Zugriff ab (HTTP ${res.status}). Bitte Client-ID, Client-Secret und Token-Endpunkt des Zustellpunkts prüfen.` });
}

const MAX_JWE_CHARS = 100 * 1024 * 1024;

async function get(api: SubmissionApiAccess, path: string, accept: string, outbound: OutboundPolicy): Promise<Response> {
  const res = await submissionFetch(api, path, { headers: { accept } }, outbound);
  if (res.status === 401 || res.status === 403) throw refusedSignIn(res);
  if (!res.ok) throw new AppError('unavailable', { detail: `Die FIT-Connect-Submission-API antwortet mit HTTP ${res.status}.` });
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_JWE_CHARS) throw new AppError('payload_too_large', { detail: 'Die FIT-Connect-Einreichung ist zu groß.' });
  return res;
}

export async function listSubmissionIds(api: SubmissionApiAccess, destinationId: string, outbound: OutboundPolicy): Promise<string[]> {
  const res = await get(api, `/v1/submissions?destinationId=${encodeURIComponent(destinationId)}&offset=0&limit=100`, 'application/json', outbound);
  const body = (await res.json()) as { submissions?: Array<{ submissionId: string }> };
  return (body.submissions ?? []).map((s) => s.submissionId).filter((id) => typeof id === 'string');
}

export async function fetchSubmission(api: SubmissionApiAccess, submissionId: string, outbound: OutboundPolicy): Promise<SubmissionEnvelope> {
  const res = await get(api, `/v1/submissions/${encodeURIComponent(submissionId)}`, 'application/json', outbound);
  return (await res.json()) as SubmissionEnvelope;
}

export async function fetchAttachment(api: SubmissionApiAccess, submissionId: string, attachmentId: string, outbound: OutboundPolicy): Promise<string> {
  const res = await get(api, `/v1/submissions/${encodeURIComponent(submissionId)}/attachments/${encodeURIComponent(attachmentId)}`, 'application/jose', outbound);
  return (await res.text()).trim();
}

/**
 * The destination's public encryption key as the Submission API publishes it
 * (GET /v1/destinations/{id} → encryptionKid, then GET /v1/destinations/{id}/keys/{kid}); null when
 * the API does not know the destination. Used to check that whoever connects a destination holds
 * its private key.
 */
export async function fetchDestinationKey(api: SubmissionApiAccess, destinationId: string, outbound: OutboundPolicy): Promise<Record<string, unknown> | null> {
  const base = `/v1/destinations/${encodeURIComponent(destinationId)}`;
  const info = await getOrNull(api, base, outbound);
  const kid = (info as { encryptionKid?: unknown } | null)?.encryptionKid;
  if (typeof kid !== 'string') return null;
  return getOrNull(api, `${base}/keys/${encodeURIComponent(kid)}`, outbound);
}

async function getOrNull(api: SubmissionApiAccess, path: string, outbound: OutboundPolicy): Promise<Record<string, unknown> | null> {
  const res = await submissionFetch(api, path, { headers: { accept: 'application/json' } }, outbound);
  if (res.status === 401 || res.status === 403) throw refusedSignIn(res);
  if (res.status >= 400 && res.status < 500) {
    await res.body?.cancel().catch(() => {});
    return null;
  }
  if (!res.ok) throw new AppError('unavailable', { detail: `Die FIT-Connect-Submission-API antwortet mit HTTP ${res.status}.` });
  const body = (await res.json().catch(() => null)) as unknown;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
}
