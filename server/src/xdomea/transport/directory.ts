import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, realpath, rename, stat, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { DeliveryError } from '../../outbox/deliverers/types.js';
import type { XdomeaPackage, XdomeaTarget, XdomeaTransport } from '../contract.js';
import { assertPackageFileName, isAnswerFileName } from './file-names.js';

/** Where answers wait in a transfer directory, and where they go once processed. */
export const INBOX = 'antworten';
export const PROCESSED = 'verarbeitet';
/** Names of what we sent (written after the rename): a retry after a crash finds it and sends nothing. */
const SENT_LEDGER = '.amtsdesk-gesendet';

export interface DirectoryConfig { directory: string }

/**
 * The configured directory, inside the installation's root (AMTSDESK_XDOMEA_DIRECTORY_ROOT). A tenant
 * admin names only a path below it: the root is the operator's decision, so a tenant can never make
 * the server write elsewhere on its disks (or into another tenant's directory: see docs/xdomea.md).
 */
export function directoryConfig(config: Record<string, unknown>, root: string | undefined): DirectoryConfig & { absolute: string } {
  if (!root) {
    throw new AppError('unprocessable', { field: 'config.directory', detail: 'Übergabeverzeichnisse sind in dieser Installation nicht freigegeben (AMTSDESK_XDOMEA_DIRECTORY_ROOT fehlt). Bitte wenden Sie sich an den Betrieb.' });
  }
  const directory = typeof config.directory === 'string' ? config.directory.trim() : '';
  const absolute = resolve(root, directory);
  const inside = relative(root, absolute);
  if (!directory || directory.length > 300 || isAbsolute(directory) || inside === '' || inside.startsWith('..') || directory.includes('\0')) {
    throw new AppError('validation_failed', { field: 'config.directory', detail: 'Das Übergabeverzeichnis („config.directory“) muss ein relativer Pfad unterhalb des vom Betrieb freigegebenen Verzeichnisses sein, ohne „..“.' });
  }
  return { directory, absolute };
}

/** Refuses a directory that a symbolic link leads out of the root (checked when it is used, not only when saved). */
async function usableDirectory(target: XdomeaTarget, root: string | undefined): Promise<string> {
  const { absolute } = directoryConfig(target.config, root);
  await mkdir(join(absolute, INBOX, PROCESSED), { recursive: true });
  const [real, realRoot] = await Promise.all([realpath(absolute), realpath(root!)]);
  if (real !== realRoot && !real.startsWith(realRoot + sep)) throw new DeliveryError('Übergabeverzeichnis liegt außerhalb des freigegebenen Bereichs', true);
  return real;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/**
 * The transfer directory, the way many DMS importers and archives work: we drop the ZIP, the receiver
 * takes it and drops its answers into antworten/. Writing goes to a dot-file first and is renamed
 * when complete (receivers ignore dot-files), so a receiver never sees half a package.
 */
export function directoryTransport(options: { root: string | undefined; maxAnswerBytes: number }): XdomeaTransport {
  return {
    kind: 'directory',
    async send(target, pkg: XdomeaPackage) {
      assertPackageFileName(pkg.fileName);
      const dir = await usableDirectory(target, options.root);
      const ledger = join(dir, SENT_LEDGER);
      await mkdir(ledger, { recursive: true });
      // Idempotent per file name: a crash after the rename (before the outbox noted the delivery) must
      // not hand the receiver the same package twice, even if it has taken the first copy away already.
      if (await exists(join(ledger, pkg.fileName)) || await exists(join(dir, pkg.fileName))) return;
      const temp = join(dir, `.${pkg.fileName}.${randomBytes(6).toString('hex')}.part`);
      const handle = await open(temp, 'wx', 0o640);
      try {
        await handle.writeFile(pkg.zip);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, join(dir, pkg.fileName));
      await writeFile(join(ledger, pkg.fileName), new Date().toISOString());
    },
    async poll(target) {
      const dir = await usableDirectory(target, options.root);
      const inbox = join(dir, INBOX);
      const answers: Array<{ fileName: string; body: Buffer }> = [];
      for (const entry of await readdir(inbox, { withFileTypes: true })) {
        if (!entry.isFile() || !isAnswerFileName(entry.name)) continue;
        const path = join(inbox, entry.name);
        // Bounded before buffering: an oversized answer is left for the operator, never read.
        if ((await stat(path)).size > options.maxAnswerBytes) {
          answers.push({ fileName: entry.name, body: Buffer.alloc(0) });
          continue;
        }
        answers.push({ fileName: entry.name, body: await readFile(path) });
      }
      return answers;
    },
    async acknowledge(target, fileName) {
      if (!isAnswerFileName(fileName)) return;
      const dir = await usableDirectory(target, options.root);
      const from = join(dir, INBOX, fileName);
      if (await exists(from)) await rename(from, join(dir, INBOX, PROCESSED, fileName));
    },
  };
}
