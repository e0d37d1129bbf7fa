import type { AppConfig } from '../config.js';
import { createOperator } from '../auth/operators.js';
import { randomToken } from '../shared/ids.js';
import { parseOptions, requireOption } from './args.js';
import { withCliDatabase } from './context.js';
import type { Output } from './output.js';

/** `operator create`: a platform operator account; the password comes from the environment or is generated once. */
export async function operatorCreate(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, { email: { type: 'string' }, name: { type: 'string' } });
  const email = requireOption(values.email, '--email');
  const displayName = requireOption(values.name, '--name');
  const given = process.env.AMTSDESK_OPERATOR_PASSWORD;
  const password = given || randomToken(18);
  await withCliDatabase(config, (db) => createOperator(db, { email, displayName, password }));
  out.log(`Betreiberkonto angelegt: ${email.trim().toLowerCase()}`);
  if (!given) out.log(`  Einmal-Passwort (wird nicht wieder angezeigt): ${password}`);
  else out.log('  Passwort: aus AMTSDESK_OPERATOR_PASSWORD');
  return 0;
}
