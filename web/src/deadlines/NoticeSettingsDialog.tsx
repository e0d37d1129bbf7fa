import { useEffect, useState } from 'react';
import { api, isApiError } from '../api/client';
import type { ApiResponse } from '../api/contract';
import { DialogFooter } from '../admin/DialogFooter';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';

type NoticeSettings = ApiResponse<'/api/me/deadline-notices', 'get'>;
const noticeApi = {
  get: () => api<NoticeSettings>('/api/me/deadline-notices'),
  save: (body: NoticeSettings) => api<NoticeSettings>('/api/me/deadline-notices', { method: 'PUT', body }),
};
const DAYS = [1, 2, 3, 5, 10];

/** The signed-in person's deadline notices: how many working days before the due day, and on the day. */
export function NoticeSettingsDialog({ isOpen, onClose }: { isOpen: boolean; onClose: () => void }) {
  const [settings, setSettings] = useState<NoticeSettings>();
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!isOpen) return;
    setSaved(false);
    setError(undefined);
    noticeApi.get().then(setSettings, (e: unknown) => setError(isApiError(e) ? e.detail : t.app.unexpectedError));
  }, [isOpen]);

  const submit = async () => {
    if (!settings) return;
    setBusy(true);
    try {
      setSettings(await noticeApi.save(settings));
      setSaved(true);
    } catch (e) {
      setError(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  const days = settings?.daysBefore ?? null;
  return (
    <Modal title={t.deadlines.notices.title} isOpen={isOpen} onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()} footer={<DialogFooter onClose={onClose} confirm={t.admin.save} busy={busy || !settings} />}>
      <p className="kern-body">{t.deadlines.notices.intro}</p>
      {error ? <Alert tone="danger" title={error} /> : null}
      <div role="status">{saved ? <Alert tone="success" title={t.deadlines.notices.saved} /> : null}</div>
      {settings ? (
        <>
          <Select
            label={t.deadlines.notices.before}
            value={days === null ? '' : String(days)}
            onChange={(v) => { setSaved(false); setSettings({ ...settings, daysBefore: v ? Number(v) : null }); }}
            options={[{ value: '', label: t.deadlines.notices.none }, ...[...new Set([...DAYS, ...(days ? [days] : [])])].sort((a, b) => a - b).map((n) => ({ value: String(n), label: t.deadlines.notices.days(n) }))]}
          />
          <div className="kern-form-check">
            <input className="kern-form-check__checkbox" type="checkbox" id="notice-due-day" checked={settings.onDueDay} onChange={(e) => { setSaved(false); setSettings({ ...settings, onDueDay: e.target.checked }); }} />
            <label className="kern-label" htmlFor="notice-due-day">
              {t.deadlines.notices.onDueDay}
            </label>
          </div>
        </>
      ) : null}
    </Modal>
  );
}
