import { useState } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { viewsApi, type SavedView } from './api';

interface SaveViewDialogProps {
  query: string;
  mayShare: boolean;
  onClose: () => void;
  onSaved: (view: SavedView) => void;
}

/** Name the current filters + sort; admins may share the view with the whole municipality. */
export function SaveViewDialog({ query, mayShare, onClose, onSaved }: SaveViewDialogProps) {
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [busy, setBusy] = useState(false);
  const [nameError, setNameError] = useState<string>();
  const [general, setGeneral] = useState<string>();

  const submit = async () => {
    if (!name.trim()) return setNameError(t.views.nameRequired);
    setBusy(true);
    setGeneral(undefined);
    try {
      onSaved(await viewsApi.create({ name, query, ...(shared ? { shared } : {}) }));
    } catch (e) {
      if (isApiError(e) && e.field === 'name') setNameError(e.detail);
      else setGeneral(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title={t.views.saveTitle}
      isOpen
      onOpenChange={(open) => !open && onClose()}
      onSubmit={() => void submit()}
      footer={
        <>
          <button type="button" className="kern-btn kern-btn--secondary" onClick={onClose}>
            <span className="kern-label">{t.dialogs.cancel}</span>
          </button>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
            <span className="kern-label">{t.views.save}</span>
          </button>
        </>
      }
    >
      {general ? <Alert tone="danger" title={general} /> : null}
      <TextInput
        label={t.views.name}
        hint={t.views.nameHint}
        value={name}
        isRequired
        error={nameError}
        onChange={(v) => {
          setName(v);
          setNameError(undefined);
        }}
      />
      {mayShare ? (
        <div className="kern-form-check">
          <input id="save-view-shared" className="kern-form-check__checkbox" type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          <label className="kern-label" htmlFor="save-view-shared">
            {t.views.shareLabel}
          </label>
        </div>
      ) : null}
    </Modal>
  );
}
