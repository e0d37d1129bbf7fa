import { it } from 'node:test';
import assert from 'node:assert/strict';
import { verifyStandardWebhook } from '../../test/standard-webhooks-verifier.js';
import { newWebhookSecret, signStandardWebhook } from './signature.js';

// The example consumer vendors copy (docs/examples/webhook-consumer.mjs) must accept what we send.
const example = (await import(new URL('../../../docs/examples/webhook-consumer.mjs', import.meta.url).href)) as {
  verify(secret: string, headers: Record<string, string>, body: string, nowSeconds?: number): boolean;
};

it('signatures follow the Standard Webhooks reference algorithm (independent verifier and the example consumer)', async () => {
  const secret = newWebhookSecret();
  const body = JSON.stringify({ id: 'evt', type: 'case.created', data: { caseNumber: 'HU-2026-1' } });
  const now = Math.floor(Date.now() / 1000);
  const headers = signStandardWebhook(secret, '0190b3c2-0000-7000-8000-0000000000aa', now, body);
  assert.match(headers['webhook-signature'], /^v1,[A-Za-z0-9+/]{43}=$/);
  const asVerifier = { id: headers['webhook-id'], timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'] };
  assert.equal(await verifyStandardWebhook(secret, asVerifier, body), true);
  assert.equal(example.verify(secret, { ...headers }, body), true);

  assert.equal(await verifyStandardWebhook(secret, asVerifier, body.replace('HU', 'XX')), false, 'another body');
  assert.equal(await verifyStandardWebhook(newWebhookSecret(), asVerifier, body), false, 'another secret');
  assert.equal(await verifyStandardWebhook(secret, { ...asVerifier, id: 'other' }, body), false, 'another id');
  const old = signStandardWebhook(secret, 'x', now - 600, body);
  assert.equal(example.verify(secret, { ...old }, body), false, 'a replay older than five minutes is refused');
});

it('a known vector of the Standard Webhooks specification verifies', async () => {
  // From the specification's reference implementations' tests (secret, id, timestamp, payload → signature).
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const headers = signStandardWebhook(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}');
  assert.equal(headers['webhook-signature'], 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
});
