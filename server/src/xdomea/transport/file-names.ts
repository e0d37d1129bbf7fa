import { DeliveryError } from '../../outbox/deliverers/types.js';

/**
 * File names of packages: `<ProzessID>_<Nachrichtenname>.zip` (letters, digits, dot, dash,
 * underscore only). Checked before a name becomes part of a path or URL, so no name can climb out
 * of a directory or smuggle a query string.
 */
const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}\.(zip|xml)$/;

export function isAnswerFileName(name: string): boolean {
  return PACKAGE_NAME.test(name) && !name.includes('..');
}

export function assertPackageFileName(name: string): void {
  if (!isAnswerFileName(name)) throw new DeliveryError('Ungültiger Dateiname des xdomea-Pakets', true);
}
