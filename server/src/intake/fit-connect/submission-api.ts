import { AppError } from '../../shared/errors.js';
import { outboundFetch, OUTBOUND_UNREACHABLE, type OutboundPolicy } from '../../shared/outbound/index.js';

/** The parts of the FIT-Connect Submission API (v1) a subscriber needs to fetch submissions. */
export interface SubmissionEnvelope {
  submissionId: string;
  destinationId: string;
  caseId?: string;
  encryptedMetadata: string;
  encryptedData?: string;
  attachments?: string[];
}

const MAX_JWE_CHARS = 100 * 1024 * 1024;

async function get(url: string, accept: string, outbound: OutboundPolicy): Promise<Response> {
  let res: Response;
  try {
    res = await outboundFetch(url, { headers: { accept }, signal: AbortSignal.timeout(30_000) }, outbound);
  } catch (error) {
    throw new AppError('unavailable', { detail: `FIT-Connect-Submission-API: ${OUTBOUND_UNREACHABLE}`, internal: `submission api: ${(error as Error).message}` });
  }
  if (!res.ok) throw new AppError('unavailable', { detail: `Die FIT-Connect-Submission-API antwortet mit HTTP ${res.status}.` });
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_JWE_CHARS) throw new AppError('payload_too_large', { detail: 'Die FIT-Connect-Einreichung ist zu groß.' });
  return res;
}

export async function listSubmissionIds(baseUrl: string, destinationId: string, outbound: OutboundPolicy): Promise<string[]> {
  const res = await get(`${baseUrl}/v1/submissions?destinationId=${encodeURIComponent(destinationId)}&offset=0&limit=100`, 'application/json', outbound);
  const body = (await res.json()) as { submissions?: Array<{ submissionId: string }> };
  return (body.submissions ?? []).map((s) => s.submissionId).filter((id) => typeof id === 'string');
}

export async function fetchSubmission(baseUrl: string, submissionId: string, outbound: OutboundPolicy): Promise<SubmissionEnvelope> {
  const res = await get(`${baseUrl}/v1/submissions/${encodeURIComponent(submissionId)}`, 'application/json', outbound);
  return (await res.json()) as SubmissionEnvelope;
}

export async function fetchAttachment(baseUrl: string, submissionId: string, attachmentId: string, outbound: OutboundPolicy): Promise<string> {
  const res = await get(`${baseUrl}/v1/submissions/${encodeURIComponent(submissionId)}/attachments/${encodeURIComponent(attachmentId)}`, 'application/jose', outbound);
  return (await res.text()).trim();
}

/**
 * The destination's public encryption key as the Submission API publishes it
 * (GET /v1/destinations/{id} → encryptionKid, then GET /v1/destinations/{id}/keys/{kid}); null when
 * the API does not know the destination. Used to check that whoever connects a destination holds
 * its private key.
 */
export async function fetchDestinationKey(baseUrl: string, destinationId: string, outbound: OutboundPolicy): Promise<Record<string, unknown> | null> {
  const base = `${baseUrl}/v1/destinations/${encodeURIComponent(destinationId)}`;
  const info = await getOrNull(base, outbound);
  const kid = (info as { encryptionKid?: unknown } | null)?.encryptionKid;
  if (typeof kid !== 'string') return null;
  return getOrNull(`${base}/keys/${encodeURIComponent(kid)}`, outbound);
}

async function getOrNull(url: string, outbound: OutboundPolicy): Promise<Record<string, unknown> | null> {
  let res: Response;
  try {
    res = await outboundFetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(30_000) }, outbound);
  } catch (error) {
    throw new AppError('unavailable', { detail: `FIT-Connect-Submission-API: ${OUTBOUND_UNREACHABLE}`, internal: `submission api: ${(error as Error).message}` });
  }
  if (res.status >= 400 && res.status < 500) {
    await res.body?.cancel().catch(() => {});
    return null;
  }
  if (!res.ok) throw new AppError('unavailable', { detail: `Die FIT-Connect-Submission-API antwortet mit HTTP ${res.status}.` });
  const body = (await res.json().catch(() => null)) as unknown;
  return body && typeof body === 'object' ? (body as Record<string, unknown>) : null;
}
