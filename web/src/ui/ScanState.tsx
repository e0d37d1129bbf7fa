import type { Attachment } from '../api/types';
import { t } from '../i18n/de';

/** Malware scan state of an uploaded file, as the server reports it (server/src/scanning/schema.ts). */
export type ScanStatus = Attachment['scanStatus'];

/** The server refuses to hand these out; the UI shows why instead of a link that would fail. */
export const isBlocked = (status: ScanStatus | undefined) => status === 'pending' || status === 'infected';

/**
 * A short German note next to a file name. Files stored without a scanner (scanning off) carry no
 * note: in an installation without scanning every file would say so, which tells nobody anything.
 */
export function ScanState({ status }: { status: ScanStatus | undefined }) {
  if (!status || status === 'not_scanned') return null;
  return <span className={`scan-state scan-state--${status}`}>{t.scan[status]}</span>;
}
