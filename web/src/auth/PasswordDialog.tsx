import { useState } from 'react';
import { authApi } from '../api/endpoints';
import { useFormErrors } from '../admin/useFormErrors';
import { DialogFooter } from '../admin/DialogFooter';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';

const FIELDS = ['currentPassword', 'newPassword', 'repeat'] as const;

/**
 * Change one's own password: the current one again, the new one twice. The server checks the rules
 * (length, list of common passwords) and ends every other session; its German reasons appear at the field.
 */
export function PasswordDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const errors = useFormErrors();

  const close = () => {
    setCurrent('');
    setNew('');
    setRepeat('');
    setDone(false);
    errors.clear();
    onClose();
  };

  const submit = async () => {
    errors.clear();
    if (!currentPassword) return errors.setField('currentPassword', t.password.currentRequired);
    if ([...newPassword].length < 12) return errors.setField('newPassword', t.password.tooShort);
    if (newPassword !== repeat) return errors.setField('repeat', t.password.mismatch);
    setBusy(true);
    try {
      await authApi.changePassword({ currentPassword, newPassword });
      setCurrent('');
      setNew('');
      setRepeat('');
      setDone(true);
    } catch (err) {
      errors.capture(err, FIELDS);
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <Modal title={t.password.title} isOpen={isOpen} onOpenChange={(open) => !open && close()}
        footer={<button type="button" className="kern-btn kern-btn--primary" onClick={close}><span className="kern-label">{t.dialogs.close}</span></button>}>
        <Alert tone="success" title={t.password.changed}>
          <p className="kern-body">{t.password.otherSessionsEnded}</p>
        </Alert>
      </Modal>
    );
  }
  return (
    <Modal title={t.password.title} isOpen={isOpen} onOpenChange={(open) => !open && close()} onSubmit={submit}
      footer={<DialogFooter onClose={close} confirm={t.password.submit} busy={busy} />}>
      <div className="kern-stack-md">
        {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
        <p className="kern-body">{t.password.intro}</p>
        <TextInput label={t.password.current} type="password" name="current-password" autoComplete="current-password"
          value={currentPassword} onChange={setCurrent} error={errors.fields.currentPassword} />
        <TextInput label={t.password.new} hint={t.password.hint} type="password" name="new-password" autoComplete="new-password"
          value={newPassword} onChange={setNew} error={errors.fields.newPassword} />
        <TextInput label={t.password.repeat} type="password" name="repeat-password" autoComplete="new-password"
          value={repeat} onChange={setRepeat} error={errors.fields.repeat} />
      </div>
    </Modal>
  );
}
