// `npm run standin:xdomea -- --role dms|archive --authority <Behördenkennung> [--name <Name>]
//   [--directory <Übergabeverzeichnis>] [--secret <gemeinsamer Schlüssel>] [--push <Antwort-URL>]`
// A stand-in E-Akte/DMS or archive for integrators (docs/xdomea.md, "Transports and stand-ins").
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { startXdomeaStandin } from './xdomea-standins.js';

const { values } = parseArgs({
  options: {
    role: { type: 'string', default: 'dms' }, authority: { type: 'string', default: 'STANDIN' }, name: { type: 'string' },
    directory: { type: 'string' }, secret: { type: 'string' }, push: { type: 'string' },
  },
});
if (values.role !== 'dms' && values.role !== 'archive') throw new Error('--role muss dms oder archive sein');
const standin = await startXdomeaStandin({
  role: values.role, authorityId: values.authority!, name: values.name ?? (values.role === 'dms' ? 'E-Akte (Stand-in)' : 'Archiv (Stand-in)'),
  ...(values.directory ? { directory: resolve(values.directory) } : {}),
  ...(values.secret ? { http: { secret: values.secret, ...(values.push ? { pushTo: values.push } : {}) } } : {}),
});
process.stdout.write(`xdomea-Stand-in (${values.role}) bereit: POST ${standin.url}${values.directory ? `, Verzeichnis ${resolve(values.directory)}` : ''}\n`);
const stop = () => void standin.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
