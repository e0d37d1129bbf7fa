import { AppError } from '../../shared/errors.js';

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

async function get(url: string, accept: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept }, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new AppError('unavailable', { detail: 'Die FIT-Connect-Submission-API ist nicht erreichbar.', internal: String(error) });
  }
  if (!res.ok) throw new AppError('unavailable', { detail: `Die FIT-Connect-Submission-API antwortet mit HTTP ${res.status}.` });
  const length = Number(res.headers.get('content-length') ?? 0);
  if (length > MAX_JWE_CHARS) throw new AppError('payload_too_large', { detail: 'Die FIT-Connect-Einreichung ist zu groß.' });
  return res;
}

export async function listSubmissionIds(baseUrl: string, destinationId: string): Promise<string[]> {
  const res = await get(`${baseUrl}/v1/submissions?destinationId=${encodeURIComponent(destinationId)}&offset=0&limit=100`, 'application/json');
  const body = (await res.json()) as { submissions?: Array<{ submissionId: string }> };
  return (body.submissions ?? []).map((s) => s.submissionId).filter((id) => typeof id === 'string');
}

export async function fetchSubmission(baseUrl: string, submissionId: string): Promise<SubmissionEnvelope> {
  const res = await get(`${baseUrl}/v1/submissions/${encodeURIComponent(submissionId)}`, 'application/json');
  return (await res.json()) as SubmissionEnvelope;
}

export async function fetchAttachment(baseUrl: string, submissionId: string, attachmentId: string): Promise<string> {
  const res = await get(`${baseUrl}/v1/submissions/${encodeURIComponent(submissionId)}/attachments/${encodeURIComponent(attachmentId)}`, 'application/jose');
  return (await res.text()).trim();
}
