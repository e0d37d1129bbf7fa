// `npm run standin:register -- [--port 4730] [--token <Bearer-Token>]`
// The register-gateway stand-in with its small invented German test population, for the demo and
// for integrators (docs/integration.md, „Registerabfragen im Desk“). Not a real register.
import { parseArgs } from 'node:util';
import { startRegisterStandin } from './register-standin.js';

const { values } = parseArgs({ options: { port: { type: 'string', default: '4730' }, token: { type: 'string' } } });
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port muss eine Portnummer sein');
const standin = await startRegisterStandin({ port, ...(values.token ? { token: values.token } : {}) });
process.stdout.write([
  `Register-Stand-in (Testdaten, kein echtes Register) bereit: ${standin.url}`,
  'Amtsdesk damit starten:',
  `  AMTSDESK_REGISTER_GATEWAY_URL=${standin.url} AMTSDESK_OUTBOUND_ALLOW=127.0.0.1:${new URL(standin.url).port}${values.token ? ` AMTSDESK_REGISTER_GATEWAY_TOKEN=${values.token}` : ''} npm start`,
  'Zum Ausprobieren: an einem Vorgang „Register abfragen“, Nachname „Maier“, Vorname „Anna“ (findet Anna Maier und Anna Meier).',
  '',
].join('\n'));
const stop = () => void standin.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
