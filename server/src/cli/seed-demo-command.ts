import type { AppConfig } from '../config.js';
import { parseOptions, UsageError } from './args.js';
import { withCliDatabase } from './context.js';
import { printCredentials, seedDemoAndReport } from './demo-output.js';
import type { Output } from './output.js';

/** `seed-demo`: the demo municipality „Musterstadt“; does nothing when it exists already. */
export async function seedDemoCommand(args: string[], config: AppConfig, out: Output): Promise<number> {
  const values = parseOptions(args, { cases: { type: 'string' } });
  let caseCount: number | undefined;
  if (values.cases !== undefined) {
    caseCount = Number(values.cases);
    if (!Number.isInteger(caseCount) || caseCount < 9 || caseCount > 5000) {
      throw new UsageError('--cases muss eine ganze Zahl zwischen 9 und 5000 sein.');
    }
  }
  const credentials = await withCliDatabase(config, (db) => seedDemoAndReport(db, config, out, caseCount));
  printCredentials(credentials, config, out);
  return 0;
}
