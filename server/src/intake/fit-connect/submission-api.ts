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
