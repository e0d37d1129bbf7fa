// npm run conformance -- --url https://amtsdesk.example --client-id adkc_… --client-secret adks_… \
//   --intake-token adk_… --service-key 99… [--template-id …] [--webhook-secret whsec_… --webhook-port 8788]
// Exit code 0 when every check passed, 1 when one failed, 2 on wrong arguments. See docs/integration.md.
import { parseArgs } from 'node:util';
import { runConformance } from './suite.js';

const USAGE = 'Aufruf: npm run conformance -- --url <Amtsdesk-URL> --client-id <adkc_…> --client-secret <adks_…> --intake-token <adk_…> --feed-token <adk_…> --service-key <LeiKa-Schlüssel> [--template-id <id>] [--webhook-secret <whsec_…> --webhook-port <Port> [--webhook-host 0.0.0.0]]';

const { values } = parseArgs({
  options: {
    url: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret': { type: 'string' },
    'intake-token': { type: 'string' }, 'feed-token': { type: 'string' }, 'service-key': { type: 'string' }, 'template-id': { type: 'string' },
    'webhook-secret': { type: 'string' }, 'webhook-port': { type: 'string' }, 'webhook-host': { type: 'string' },
  },
  strict: true,
});
// Secrets may also come from the environment, so they stay out of shell histories.
const secret = values['client-secret'] ?? process.env.AMTSDESK_CONFORMANCE_CLIENT_SECRET;
const intakeToken = values['intake-token'] ?? process.env.AMTSDESK_CONFORMANCE_INTAKE_TOKEN;
const feedToken = values['feed-token'] ?? process.env.AMTSDESK_CONFORMANCE_FEED_TOKEN;
const webhookSecret = values['webhook-secret'] ?? process.env.AMTSDESK_CONFORMANCE_WEBHOOK_SECRET;
if (!values.url || !values['client-id'] || !secret || !intakeToken || !feedToken || !values['service-key']) {
  console.error(USAGE);
  process.exit(2);
}
const results = await runConformance({
  url: values.url, clientId: values['client-id'], clientSecret: secret, intakeToken, feedToken, serviceKey: values['service-key'],
  ...(values['template-id'] ? { templateId: values['template-id'] } : {}),
  ...(webhookSecret && values['webhook-port'] ? { webhookSecret, webhookPort: Number(values['webhook-port']), webhookHost: values['webhook-host'] ?? '127.0.0.1' } : {}),
  log: (line) => console.log(line),
});
const failed = results.filter((r) => !r.ok).length;
console.log(failed ? `\n${failed} von ${results.length} Prüfungen fehlgeschlagen.` : `\nAlle ${results.length} Prüfungen bestanden.`);
process.exit(failed ? 1 : 0);
