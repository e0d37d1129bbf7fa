import { AppError } from '../../shared/errors.js';
import { outboundFetch, OUTBOUND_UNREACHABLE, type OutboundPolicy } from '../../shared/outbound/index.js';
import { clientCredentialsToken, forgetToken, type ClientCredentials } from '../../mailbox/postfach/oauth.js';

/**
 * How Amtsdesk reaches one destination's Submission API: its base URL and, when the Zustelldienst
 * requires it (the real one always does), the OAuth2 client credentials of the subscriber.
 */
export interface SubmissionApiAccess {
  submissionApiUrl: string;
  oauth: ClientCredentials | null;
}

const SERVICE = 'FIT-Connect-Submission-API';

async function bearer(api: SubmissionApiAccess, outbound: OutboundPolicy): Promise<Record<string, string>> {
  if (!api.oauth) return {};
  try {
    return { authorization: `Bearer ${await clientCredentialsToken(api.oauth, outbound, SERVICE)}` };
  } catch (error) {
    // Never the secret, never the token endpoint's body: only what failed.
    throw new AppError('unavailable', { detail: `${SERVICE}: Die Anmeldung am Token-Endpunkt ist fehlgeschlagen.`, internal: `fit token: ${(error as Error).message}` });
  }
}

/**
 * A request to the Submission API with the destination's access token. The token is cached until
 * shortly before it expires (mailbox/postfach/oauth.ts); when the API answers 401 anyway (revoked,
 * rotated, clock skew) the token is forgotten and the request repeated once with a fresh one.
 * Network failures become a German 'unavailable' error without any URL or key material.
 */
export async function submissionFetch(
  api: SubmissionApiAccess, path: string, init: { method?: string; headers?: Record<string, string>; body?: string }, outbound: OutboundPolicy,
): Promise<Response> {
  const attempt = async () => {
    const auth = await bearer(api, outbound);
    try {
      return await outboundFetch(`${api.submissionApiUrl}${path}`, { ...init, headers: { ...init.headers, ...auth }, signal: AbortSignal.timeout(30_000) }, outbound);
    } catch (error) {
      throw new AppError('unavailable', { detail: `${SERVICE}: ${OUTBOUND_UNREACHABLE}`, internal: `submission api: ${(error as Error).message}` });
    }
  };
  const first = await attempt();
  if (first.status !== 401 || !api.oauth) return first;
  await first.body?.cancel().catch(() => {});
  forgetToken(api.oauth);
  return attempt();
}
