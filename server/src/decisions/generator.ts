import { AppError } from '../shared/errors.js';
import { sniffHead } from '../intake/sniff.js';
import { outboundFetch, OUTBOUND_UNREACHABLE, type OutboundPolicy } from '../shared/outbound/index.js';

export const GENERATOR_MAX_BYTES = 20 * 1024 * 1024;
export const GENERATOR_TIMEOUT_MS = 30_000;

/** What a commercial document generator receives: the case data as JSON. */
export interface GeneratorRequest {
  kind: 'approval' | 'rejection';
  tenant: { name: string };
  case: { id: string; caseNumber: string; receivedAt: string; service: { name: string; leikaKey: string } };
  applicant: unknown;
  formData: unknown;
  caseworker: { name: string };
}

const badGateway = (detail: string, internal: string) => new AppError('bad_gateway', { detail, internal });

async function readLimited(response: Response, max: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > max) throw badGateway('Der Dokumentengenerator hat ein zu großes Dokument geliefert (mehr als 20 MB).', `generator response ${declared} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > max) throw badGateway('Der Dokumentengenerator hat ein zu großes Dokument geliefert (mehr als 20 MB).', 'generator response too large');
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return Buffer.concat(chunks);
}

/**
 * Posts the case data to the configured generator and returns the PDF it answers with. Anything
 * else (unreachable, timeout, error status, not a PDF) is a 502 problem; the caller stores nothing.
 */
export async function generateExternally(
  url: string, request: GeneratorRequest, outbound: OutboundPolicy, timeoutMs = GENERATOR_TIMEOUT_MS,
): Promise<Buffer> {
  let response: Response;
  try {
    response = await outboundFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/pdf' },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(timeoutMs),
    }, outbound);
  } catch (error) {
    // Unreachable, blocked, refused and timed out read alike, so the URL setting cannot probe the network.
    throw badGateway(`Dokumentengenerator: ${OUTBOUND_UNREACHABLE} Bitte prüfen Sie die Einstellung oder versuchen Sie es später erneut.`,
      `generator fetch failed: ${(error as Error)?.message}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw badGateway(`Der Dokumentengenerator hat die Anfrage abgelehnt (HTTP ${response.status}).`, `generator status ${response.status}`);
  }
  const bytes = await readLimited(response, GENERATOR_MAX_BYTES);
  const sniffed = await sniffHead(bytes.subarray(0, 4100), response.headers.get('content-type'), 'bescheid.pdf');
  if (sniffed.mimeType !== 'application/pdf') {
    throw badGateway('Der Dokumentengenerator hat kein PDF-Dokument geliefert.', `generator returned ${sniffed.mimeType}`);
  }
  return bytes;
}
