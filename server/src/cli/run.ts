import type { AppConfig } from '../config.js';
import { AppError } from '../shared/errors.js';
import { UsageError } from './args.js';
import { cliConfig } from './context.js';
import { HELP } from './help.js';
import type { Output } from './output.js';

type Command = (args: string[], config: AppConfig, out: Output) => Promise<number>;

// Loaded on demand: `tenant create` need not load the web server, the demo data or the worker.
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./start-command.js')).start,
  worker: async () => (await import('./worker-command.js')).worker,
  migrate: async () => (await import('./migrate-command.js')).migrate,
  backup: async () => (await import('./backup-command.js')).backup,
  restore: async () => (await import('./backup-command.js')).restore,
  'seed-demo': async () => (await import('./seed-demo-command.js')).seedDemoCommand,
  'tenant create': async () => (await import('./tenant-commands.js')).tenantCreate,
  'tenant list': async () => (await import('./tenant-commands.js')).tenantList,
  'tenant export': async () => (await import('./tenant-export-commands.js')).tenantExport,
  'tenant import': async () => (await import('./tenant-export-commands.js')).tenantImport,
  'operator create': async () => (await import('./operator-command.js')).operatorCreate,
  'audit verify': async () => (await import('./audit-command.js')).auditVerify,
  'audit checkpoint': async () => (await import('./checkpoint-command.js')).auditCheckpoint,
  'audit public-key': async () => (await import('./checkpoint-command.js')).auditPublicKey,
  'blobs gc': async () => (await import('./blobs-command.js')).blobsGc,
  'retention due': async () => (await import('./retention-command.js')).retentionDue,
  'retention run': async () => (await import('./retention-command.js')).retentionRun,
};

/** CLI option names for the input fields services name in their errors. */
const FIELD_FLAGS: Record<string, string> = {
  name: '--name',
  kind: '--kind',
  ags: '--ags',
  adminEmail: '--admin-email',
  adminName: '--admin-name',
  slug: '--slug',
  email: '--email',
  displayName: '--name',
  password: 'AMTSDESK_OPERATOR_PASSWORD',
};

function resolveCommand(argv: string[]): { load: () => Promise<Command>; args: string[] } | null {
  const two = `${argv[0]} ${argv[1]}`;
  if (COMMANDS[two]) return { load: COMMANDS[two], args: argv.slice(2) };
  const one = argv[0] ?? '';
  if (COMMANDS[one] && !one.includes(' ')) return { load: COMMANDS[one], args: argv.slice(1) };
  return null;
}

/** Runs one command line; returns the exit code (0 ok, 1 failure, 2 usage or invalid input). */
export async function runCli(argv: string[], out: Output, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    out.log(HELP);
    return argv.length === 0 ? 2 : 0;
  }
  const resolved = resolveCommand(argv);
  if (!resolved) {
    out.error(`Fehler: Unbekannter Befehl „${argv.slice(0, 2).join(' ')}“.`);
    out.error('Hilfe: amtsdesk --help');
    return 2;
  }
  if (resolved.args.includes('--help') || resolved.args.includes('-h')) {
    out.log(HELP);
    return 0;
  }
  try {
    const command = await resolved.load();
    return await command(resolved.args, cliConfig(env), out);
  } catch (error) {
    return reportError(error, out);
  }
}

function reportError(error: unknown, out: Output): number {
  if (error instanceof UsageError) {
    out.error(`Fehler: ${error.message}`);
    out.error('Hilfe: amtsdesk --help');
    return 2;
  }
  if (error instanceof AppError) {
    const flag = error.field ? (FIELD_FLAGS[error.field] ?? error.field) : undefined;
    out.error(`Fehler: ${error.detail}${flag ? ` (Feld: ${flag})` : ''}`);
    return error.status < 500 ? 2 : 1;
  }
  out.error(`Fehler: ${(error as Error)?.message ?? String(error)}`);
  return 1;
}
