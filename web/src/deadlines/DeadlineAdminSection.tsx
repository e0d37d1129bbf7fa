import { useState } from 'react';
import { useAsync } from '../app/useAsync';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { DialogFooter } from '../admin/DialogFooter';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { deadlinesApi, type DeadlineSettings, type ServiceDeadline } from './api';
import './deadlines.css';

function ServiceDeadlineDialog({ service, onClose, onSaved }: { service: ServiceDeadline; onClose: () => void; onSaved: (s: ServiceDeadline) => void }) {
  const [days, setDays] = useState(service.workingDays === null ? '' : String(service.workingDays));
  const [kind, setKind] = useState<string>(service.kind);
  const [deemed, setDeemed] = useState(service.deemedApproval);
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = async () => {
    errors.clear();
    const trimmed = days.trim();
    if (trimmed && (!/^\d{1,4}$/.test(trimmed) || Number(trimmed) < 1 || Number(trimmed) > 1000)) return errors.setField('workingDays', t.deadlines.admin.daysInvalid);
    await run(async () => {
      const saved = await deadlinesApi.saveService(service.serviceId, {
        workingDays: trimmed ? Number(trimmed) : null, kind: kind === 'statutory' ? 'statutory' : 'target', deemedApproval: deemed,
      });
      onSaved({ ...saved, name: service.name });
    }, ['workingDays', 'kind', 'deemedApproval']);
  };
  return (
    <Modal title={t.deadlines.admin.dialogTitle(service.name)} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()} footer={<DialogFooter onClose={onClose} confirm={t.admin.save} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <TextInput label={t.deadlines.admin.days} hint={t.deadlines.admin.daysHint} value={days} onChange={setDays} error={errors.fields.workingDays} />
      <Select
        label={t.deadlines.admin.kind}
        value={kind}
        onChange={setKind}
        options={[{ value: 'statutory', label: t.deadlines.kindStatutory }, { value: 'target', label: t.deadlines.kindTarget }]}
      />
      <div className="kern-form-check">
        <input className="kern-form-check__checkbox" type="checkbox" id="deemed-approval" aria-describedby="deemed-approval-hint" checked={deemed} onChange={(e) => setDeemed(e.target.checked)} />
        <label className="kern-label" htmlFor="deemed-approval">
          {t.deadlines.deemedApproval}
        </label>
      </div>
      <p className="kern-hint" id="deemed-approval-hint">
        {t.deadlines.deemedApprovalText}
      </p>
    </Modal>
  );
}

/** Administration → Fristen: the state whose holidays count, and each service's processing time. */
export function DeadlineAdminSection() {
  const settings = useAsync((signal) => deadlinesApi.settings(signal), []);
  const services = useAsync((signal) => deadlinesApi.services(signal).then((r) => r.items), []);
  const [editing, setEditing] = useState<ServiceDeadline | null>(null);
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { run } = useSubmission(errors);

  const saveState = (code: string) =>
    run(async () => {
      const saved: DeadlineSettings = await deadlinesApi.saveSettings({ holidayState: (code || null) as DeadlineSettings['holidayState'] });
      settings.setData(saved);
      setNotice(t.deadlines.admin.stateSaved);
    }, ['holidayState']);

  return (
    <section className="admin-section" aria-labelledby="deadline-admin-heading">
      <h2 id="deadline-admin-heading" className="kern-heading-medium">
        {t.deadlines.admin.title}
      </h2>
      <p className="kern-body">{t.deadlines.admin.intro}</p>
      <div role="status">{notice ? <Alert tone="success" title={notice} /> : null}</div>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      {settings.data ? (
        <Select
          label={t.deadlines.admin.state}
          value={settings.data.holidayState ?? ''}
          onChange={(v) => void saveState(v)}
          error={errors.fields.holidayState}
          options={[{ value: '', label: t.deadlines.admin.stateNone }, ...settings.data.states.map((s) => ({ value: s.code, label: s.name }))]}
        />
      ) : null}
      <p className="kern-hint">{t.deadlines.admin.stateHint}</p>
      <AdminTable
        caption={t.deadlines.admin.title}
        className="absences-table"
        rows={services.data}
        rowKey={(s) => s.serviceId}
        columns={[
          { header: t.deadlines.admin.service, rowHeader: true, cell: (s) => s.name },
          { header: t.deadlines.admin.days, cell: (s) => s.workingDays ?? t.deadlines.none },
          { header: t.deadlines.admin.kind, cell: (s) => (s.kind === 'statutory' ? t.deadlines.kindStatutory : t.deadlines.kindTarget) },
          { header: t.deadlines.admin.deemed, cell: (s) => (s.deemedApproval ? t.deadlines.admin.yes : t.deadlines.admin.no) },
        ]}
        actions={{
          header: t.absences.colActions,
          cell: (s) => (
            <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.deadlines.admin.edit}: ${s.name}`} onClick={() => { setNotice(undefined); setEditing(s); }}>
              <span className="kern-icon kern-icon--edit" aria-hidden="true" />
              <span className="kern-label">{t.deadlines.admin.edit}</span>
            </button>
          ),
        }}
      />
      {editing ? (
        <ServiceDeadlineDialog
          service={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            services.setData((services.data ?? []).map((x) => (x.serviceId === saved.serviceId ? saved : x)));
            setEditing(null);
            setNotice(t.deadlines.admin.saved(saved.name));
          }}
        />
      ) : null}
    </section>
  );
}
