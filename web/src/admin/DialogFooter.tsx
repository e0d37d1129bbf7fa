import { t } from '../i18n/de';

/** Cancel + the dialog's confirming submit button, disabled while the request runs. */
export function DialogFooter({ onClose, confirm, busy }: { onClose: () => void; confirm: string; busy: boolean }) {
  return (
    <>
      <button type="button" className="kern-btn kern-btn--secondary" onClick={onClose}>
        <span className="kern-label">{t.dialogs.cancel}</span>
      </button>
      <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
        <span className="kern-label">{confirm}</span>
      </button>
    </>
  );
}
