import { useState } from 'react';
import type { Named, UserOption } from '../api/types';
import { t } from '../i18n/de';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { UserPicker } from './UserPicker';

interface Base {
  onClose: () => void;
  busy: boolean;
}

function Footer({ onClose, confirm, busy }: { onClose: () => void; confirm: string; busy: boolean }) {
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

/** Reject with a required reason; the draft lives with the caller so it survives errors. */
export function RejectDialog({ reason, onReason, error, onSubmit, onClose, busy }: Base & {
  reason: string;
  onReason: (v: string) => void;
  error?: string;
  onSubmit: () => void;
}) {
  return (
    <Modal title={t.dialogs.rejectTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={onSubmit} footer={<Footer onClose={onClose} confirm={t.dialogs.rejectConfirm} busy={busy} />}>
      <TextInput label={t.dialogs.rejectReason} hint={t.dialogs.rejectHint} multiline isRequired value={reason} onChange={onReason} error={error} />
    </Modal>
  );
}

export function ForwardDialog({ orgUnits, currentId, error, onSubmit, onClose, busy }: Base & {
  orgUnits: Named[];
  currentId: string;
  error?: string;
  onSubmit: (orgUnitId: string) => void;
}) {
  const [unit, setUnit] = useState('');
  const [localError, setLocalError] = useState<string>();
  const submit = () => (unit ? onSubmit(unit) : setLocalError(t.dialogs.forwardUnitRequired));
  return (
    <Modal title={t.dialogs.forwardTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={submit} footer={<Footer onClose={onClose} confirm={t.dialogs.forwardConfirm} busy={busy} />}>
      <p className="kern-body">{t.dialogs.forwardHint}</p>
      <Select
        label={t.dialogs.forwardUnit}
        value={unit}
        onChange={(v) => {
          setUnit(v);
          setLocalError(undefined);
        }}
        error={localError ?? error}
        options={[{ value: '', label: t.dialogs.choose }, ...orgUnits.filter((o) => o.id !== currentId).map((o) => ({ value: o.id, label: o.name }))]}
      />
    </Modal>
  );
}

export function ConfirmDeletionDialog({ onSubmit, onClose, busy }: Base & { onSubmit: () => void }) {
  return (
    <Modal title={t.dialogs.deletionTitle} role="alertdialog" isOpen onOpenChange={(o) => !o && onClose()} onSubmit={onSubmit} footer={<Footer onClose={onClose} confirm={t.dialogs.deletionConfirm} busy={busy} />}>
      <p className="kern-body">{t.dialogs.deletionText}</p>
    </Modal>
  );
}

export function AssignDialog({ users, currentId, error, onSubmit, onClose, busy }: Base & {
  users: UserOption[];
  currentId: string | null;
  error?: string;
  onSubmit: (userId: string) => void;
}) {
  const [user, setUser] = useState<string | null>(currentId);
  const [localError, setLocalError] = useState<string>();
  const submit = () => (user ? onSubmit(user) : setLocalError(t.assign.userRequired));
  return (
    <Modal title={t.assign.dialogTitle} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={submit} footer={<Footer onClose={onClose} confirm={t.assign.confirm} busy={busy} />}>
      <UserPicker
        users={users}
        value={user}
        onChange={(v) => {
          setUser(v);
          setLocalError(undefined);
        }}
        error={localError ?? error}
      />
    </Modal>
  );
}
