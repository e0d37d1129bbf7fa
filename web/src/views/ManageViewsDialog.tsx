import { useState } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { viewsApi, type SavedView } from './api';

interface OwnViewRowProps {
  view: SavedView;
  /** Admins may share a view with the whole municipality and withdraw that again. */
  mayShare: boolean;
  onChanged: () => void;
  onStatus: (message: string) => void;
}

/** One own view: rename in place, share or unshare (admins), delete after a confirmation. */
function OwnViewRow({ view, mayShare, onChanged, onStatus }: OwnViewRowProps) {
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const [name, setName] = useState(view.name);
  const [error, setError] = useState<string>();

  const run = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      setMode('idle');
      onChanged();
    } catch (e) {
      setError(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };

  const toggleSharing = () => void run(async () => {
    const changed = await viewsApi.update(view.id, { shared: !view.shared });
    onStatus(changed.shared ? t.views.sharedNow(view.name) : t.views.unsharedNow(view.name));
  });
  const sharingLabel = view.shared ? t.views.unshare : t.views.share;

  return (
    <li className="saved-views__row">
      {mode === 'rename' ? (
        <>
          <TextInput label={t.views.renameLabel(view.name)} value={name} error={error} onChange={(v) => { setName(v); setError(undefined); }} />
          <button type="button" className="kern-btn kern-btn--primary" onClick={() => void run(() => viewsApi.update(view.id, { name }))}>
            <span className="kern-label">{t.views.save}</span>
          </button>
        </>
      ) : (
        <span className="kern-body">
          {view.name} {view.shared ? <span className="muted">{t.views.sharedMark}</span> : null}
        </span>
      )}
      {mode === 'delete' ? (
        <span role="alert" className="saved-views__confirm">
          <span className="kern-body">{t.views.deleteConfirm(view.name)}</span>
          <button type="button" className="kern-btn kern-btn--primary" onClick={() => void run(() => viewsApi.remove(view.id))}>
            <span className="kern-label">{t.views.deleteYes}</span>
          </button>
        </span>
      ) : null}
      {mode === 'idle' ? (
        <>
          <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.views.rename}: ${view.name}`} onClick={() => setMode('rename')}>
            <span className="kern-label">{t.views.rename}</span>
          </button>
          {mayShare ? (
            <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${sharingLabel}: ${view.name}`} onClick={toggleSharing}>
              <span className="kern-label">{sharingLabel}</span>
            </button>
          ) : null}
          <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.views.delete}: ${view.name}`} onClick={() => setMode('delete')}>
            <span className="kern-label">{t.views.delete}</span>
          </button>
        </>
      ) : (
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => { setMode('idle'); setError(undefined); setName(view.name); }}>
          <span className="kern-label">{t.dialogs.cancel}</span>
        </button>
      )}
      {error && mode !== 'rename' ? <Alert tone="danger" title={error} /> : null}
    </li>
  );
}

interface ManageViewsDialogProps {
  views: SavedView[];
  mayShare: boolean;
  onClose: () => void;
  onChanged: () => void;
}

export function ManageViewsDialog({ views, mayShare, onClose, onChanged }: ManageViewsDialogProps) {
  const own = views.filter((v) => v.own);
  const [status, setStatus] = useState('');
  return (
    <Modal title={t.views.manageTitle} isOpen onOpenChange={(open) => !open && onClose()}>
      <p role="status" className="kern-body saved-views__status">{status}</p>
      {own.length ? (
        <ul className="saved-views__list">
          {own.map((v) => (
            <OwnViewRow key={`${v.id}-${v.name}`} view={v} mayShare={mayShare} onChanged={onChanged} onStatus={setStatus} />
          ))}
        </ul>
      ) : (
        <p className="kern-body">{t.views.noOwn}</p>
      )}
    </Modal>
  );
}
