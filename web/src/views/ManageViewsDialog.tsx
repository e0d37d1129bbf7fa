import { useState } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { viewsApi, type SavedView } from './api';

/** One own view: rename in place, delete after a confirmation. */
function OwnViewRow({ view, onChanged }: { view: SavedView; onChanged: () => void }) {
  const [mode, setMode] = useState<'idle' | 'rename' | 'delete'>('idle');
  const [name, setName] = useState(view.name);
  const [error, setError] = useState<string>();

  const run = async (action: () => Promise<unknown>) => {
    try {
      await action();
      setMode('idle');
      onChanged();
    } catch (e) {
      setError(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };

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
          <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.views.delete}: ${view.name}`} onClick={() => setMode('delete')}>
            <span className="kern-label">{t.views.delete}</span>
          </button>
        </>
      ) : (
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => { setMode('idle'); setError(undefined); setName(view.name); }}>
          <span className="kern-label">{t.dialogs.cancel}</span>
        </button>
      )}
      {error && mode === 'delete' ? <Alert tone="danger" title={error} /> : null}
    </li>
  );
}

export function ManageViewsDialog({ views, onClose, onChanged }: { views: SavedView[]; onClose: () => void; onChanged: () => void }) {
  const own = views.filter((v) => v.own);
  return (
    <Modal title={t.views.manageTitle} isOpen onOpenChange={(open) => !open && onClose()}>
      {own.length ? (
        <ul className="saved-views__list">
          {own.map((v) => (
            <OwnViewRow key={`${v.id}-${v.name}`} view={v} onChanged={onChanged} />
          ))}
        </ul>
      ) : (
        <p className="kern-body">{t.views.noOwn}</p>
      )}
    </Modal>
  );
}
