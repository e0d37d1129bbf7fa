import { useState } from 'react';
import { isApiError } from '../api/client';
import { resetLookups } from '../app/lookups';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { CreateForm } from './CreateForm';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import type { AdminOrgUnit, AdminService } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';
import { DialogFooter } from './DialogFooter';

const unitChoices = (units: AdminOrgUnit[]) => [{ value: '', label: t.dialogs.choose }, ...units.map((u) => ({ value: u.id, label: u.name }))];

function RoutingDialog({ service, orgUnits, onClose, onSaved }: { service: AdminService; orgUnits: AdminOrgUnit[]; onClose: () => void; onSaved: (s: AdminService) => void }) {
  const [unit, setUnit] = useState(service.orgUnit?.id ?? '');
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = async () => {
    errors.clear();
    if (!unit) return errors.setField('orgUnitId', t.admin.services.orgUnitRequired);
    await run(async () => {
      onSaved(await adminApi.updateService(service.id, { orgUnitId: unit }));
    }, ['orgUnitId']);
  };
  return (
    <Modal
      title={t.admin.services.routingTitle(service.name)}
      isOpen
      onOpenChange={(o) => !o && onClose()}
      onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={t.admin.save} busy={busy} />}
    >
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{t.admin.services.routingHint}</p>
      <Select label={t.admin.services.orgUnit} value={unit} onChange={setUnit} options={unitChoices(orgUnits)} error={errors.fields.orgUnitId} />
    </Modal>
  );
}

/** Services (LeiKa) and the org unit whose inbox receives their applications. */
export function ServicesSection({ orgUnits }: { orgUnits: AdminOrgUnit[] }) {
  const services = useAsync(() => adminApi.services().then((r) => r.items), []);
  const [leikaKey, setLeikaKey] = useState('');
  const [name, setName] = useState('');
  const [unit, setUnit] = useState('');
  const [routing, setRouting] = useState<AdminService | null>(null);
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);

  const create = async () => {
    errors.clear();
    setNotice(undefined);
    const missing: [string, string][] = [];
    if (!leikaKey.trim()) missing.push(['leikaKey', t.admin.services.leikaRequired]);
    if (!name.trim()) missing.push(['name', t.admin.services.nameRequired]);
    if (!unit) missing.push(['orgUnitId', t.admin.services.orgUnitRequired]);
    if (missing.length) {
      for (const [field, message] of missing) errors.setField(field, message);
      return;
    }
    await run(async () => {
      const created = await adminApi.createService({ leikaKey: leikaKey.trim(), name: name.trim(), orgUnitId: unit });
      services.setData([...(services.data ?? []), created].sort((a, b) => a.name.localeCompare(b.name, 'de')));
      resetLookups();
      setLeikaKey('');
      setName('');
      setUnit('');
      setNotice(t.admin.services.created(created.name));
    }, ['leikaKey', 'name', 'orgUnitId']);
  };

  return (
    <section className="admin-section" aria-labelledby="services-heading">
      <h2 id="services-heading" className="kern-heading-medium">
        {t.admin.services.title}
      </h2>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {services.error ? <Alert tone="danger" title={isApiError(services.error) ? services.error.detail : t.app.unexpectedError} /> : null}
      <AdminTable
        caption={t.admin.services.title}
        rows={services.data}
        rowKey={(s) => s.id}
        columns={[
          { header: t.admin.services.name, rowHeader: true, cell: (s) => s.name },
          { header: t.admin.services.leikaKey, cell: (s) => <span className="case-number">{s.leikaKey}</span> },
          { header: t.admin.services.orgUnit, cell: (s) => s.orgUnit?.name ?? <span className="muted">{t.admin.services.noUnit}</span> },
        ]}
        actions={{
          cell: (s) => (
            <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.admin.services.changeRouting}: ${s.name}`} onClick={() => setRouting(s)}>
              <span className="kern-label">{t.admin.services.changeRouting}</span>
            </button>
          ),
        }}
      />
      <CreateForm id="service-create" title={t.admin.services.createTitle} submitLabel={t.admin.services.create} busy={busy} generalError={errors.general} onSubmit={() => void create()}>
          <TextInput label={t.admin.services.leikaKey} hint={t.admin.services.leikaHint} value={leikaKey} onChange={(v) => { setLeikaKey(v); errors.setField('leikaKey', undefined); }} error={errors.fields.leikaKey} isRequired />
          <TextInput label={t.admin.services.name} value={name} onChange={(v) => { setName(v); errors.setField('name', undefined); }} error={errors.fields.name} isRequired />
          <Select label={t.admin.services.orgUnit} value={unit} onChange={(v) => { setUnit(v); errors.setField('orgUnitId', undefined); }} options={unitChoices(orgUnits)} error={errors.fields.orgUnitId} />
      </CreateForm>
      {routing ? (
        <RoutingDialog
          service={routing}
          orgUnits={orgUnits}
          onClose={() => setRouting(null)}
          onSaved={(s) => {
            services.setData((services.data ?? []).map((o) => (o.id === s.id ? s : o)));
            resetLookups();
            setRouting(null);
            setNotice(t.admin.services.routed(s.name, s.orgUnit?.name ?? ''));
          }}
        />
      ) : null}
    </section>
  );
}
