import { importJWK, SignJWT } from 'jose';
import { DeliveryError, type Deliverer } from '../../outbox/deliverers/types.js';
import { loadFitDestination } from './destinations.js';
import { submissionFetch } from './submission-auth.js';
import { FIT_EVENTS, SET_PAYLOAD_SCHEMA, type FitEventPayload } from './events.js';

/** The Security Event Token for one answer, signed with the destination's key. */
export async function signFitEvent(p: FitEventPayload, signingJwk: Record<string, unknown>, jti: string): Promise<string> {
  const key = await importJWK(signingJwk as never, 'PS512').catch(() => {
    throw new DeliveryError('Der Signaturschlüssel des FIT-Connect-Zustellpunkts ist ungültig.');
  });
  const event = p.event === 'accept' ? { authenticationTags: p.authenticationTags } : { problems: p.problems };
  return new SignJWT({ $schema: SET_PAYLOAD_SCHEMA, events: { [FIT_EVENTS[p.event]]: event }, txn: `case:${p.fitCaseId}` })
    .setProtectedHeader({ alg: 'PS512', typ: 'secevent+jwt', ...(typeof signingJwk.kid === 'string' ? { kid: signingJwk.kid } : {}) })
    .setIssuer(p.destinationId)
    .setSubject(`submission:${p.submissionId}`)
    .setJti(jti)
    .setIssuedAt()
    .sign(key as never);
}

/**
 * Delivers an accept/reject answer: signs the SET (PS512, typ "secevent+jwt", kid) and POSTs it to
 * <Submission API>/v1/cases/{caseId}/events as application/jose. The jti is the outbox message id,
 * so a redelivery after a crash carries the same jti. 2xx = delivered; 408, 429, 5xx and network
 * errors are retried with backoff; any other 4xx (the Zustelldienst refuses the token) is permanent
 * and shows as a dead letter. Without a signing key the answer waits (retried) until one is set.
 */
export const fitConnectEventDeliverer: Deliverer = {
  async deliver(message, ctx) {
    const p = message.payload as unknown as FitEventPayload;
    const destination = await loadFitDestination(ctx.db, p.destinationId);
    if (!destination) throw new DeliveryError('Der FIT-Connect-Zustellpunkt ist nicht mehr angebunden.', true);
    if (!destination.signingJwk) throw new DeliveryError('Für den FIT-Connect-Zustellpunkt ist kein Signaturschlüssel hinterlegt.');
    const token = await signFitEvent(p, destination.signingJwk, message.id);
    // With the destination's access token when the Zustelldienst requires one (refreshed once on 401).
    const res = await submissionFetch(destination, `/v1/cases/${encodeURIComponent(p.fitCaseId)}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/jose', accept: 'application/json' },
      body: token,
    }, ctx.config.outbound);
    await res.body?.cancel().catch(() => {});
    if (res.ok) return;
    const retry = res.status === 408 || res.status === 429 || res.status >= 500;
    throw new DeliveryError(`Die FIT-Connect-Submission-API antwortet mit HTTP ${res.status}.`, !retry);
  },
};
