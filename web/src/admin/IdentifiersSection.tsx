import { useState } from 'react';
import { isApiError } from '../api/client';
import type { ApiResponse } from '../api/contract';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { formatDateTime } from '../i18n/format';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { CreateForm } from './CreateForm';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import { DialogFooter } from './DialogFooter';
import { IdentifierImport } from './IdentifierImport';
import { IDENTIFIER_SCHEMES, type RoutingIdentifier } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';

const T = t.admin.identifiers;
type Unit = ApiResponse<'/api/admin/routing-identifiers', 'get'>['orgUnits'][number];

function RemoveDialog({ item, onClose, onRemoved }: { item: RoutingIdentifier; onClose: () => void; onRemoved: () => void }) {
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  return (
    <Modal
      title={T.removeTitle}
      isOpen
      role="alertdialog"
      onOpenChange={(o) => !o && onClose()}
      onSubmit={() => void run(async () => { await adminApi.removeIdentifier(item.id); onRemoved(); }, [])}
      footer={<DialogFooter onClose={onClose} confirm={T.remove} busy={busy} />}
    >
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <p className="kern-body">{T.removeText(item.value)}</p>
    </Modal>
  );
}

/** The add form: scheme, value, and the whole municipality or one org unit. */
function AddForm({ units, onAdded }: { units: Unit[]; onAdded: (item: RoutingIdentifier) => void }) {
  const [scheme, setScheme] = useState<RoutingIdentifier['scheme'] | ''>('');
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState('');
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = async () => {
    errors.clear();
    if (!scheme) errors.setField('scheme', T.schemeRequired);
    if (!value.trim()) errors.setField('value', T.valueRequired);
    if (!scheme || !value.trim()) return;
    await run(async () => {
      onAdded(await adminApi.addIdentifier({ scheme, value: value.trim(), orgUnitId: unit || null }));
      setValue('');
    }, ['scheme', 'value', 'orgUnitId']);
  };
  return (
    <CreateForm id="identifier-create" title={T.createTitle} submitLabel={T.create} busy={busy} generalError={errors.general} onSubmit={() => void submit()}>
        <Select label={T.scheme} value={scheme} onChange={(v) => { setScheme(v as RoutingIdentifier['scheme'] | ''); /* the options are exactly IDENTIFIER_SCHEMES and '' */ errors.setField('scheme', undefined); }} error={errors.fields.scheme}
          options={[{ value: '', label: t.dialogs.choose }, ...IDENTIFIER_SCHEMES.map((s) => ({ value: s, label: T.schemes[s]! }))]} />
        <TextInput label={T.value} hint={T.valueHint} value={value} onChange={(v) => { setValue(v); errors.setField('value', undefined); }} error={errors.fields.value} isRequired />
        <Select label={T.assignment} value={unit} onChange={setUnit} error={errors.fields.orgUnitId}
          options={[{ value: '', label: T.wholeTenant }, ...units.map((u) => ({ value: u.id, label: `${u.name} (${u.shortCode})` }))]} />
    </CreateForm>
  );
}

/** Zuständigkeit: the routing identifiers of the municipality and of each org unit (list, add, delete, CSV import). */
export function IdentifiersSection() {
  const list = useAsync(() => adminApi.identifiers(), []);
  const [filter, setFilter] = useState('all');
  const [removing, setRemoving] = useState<RoutingIdentifier | null>(null);
  const [notice, setNotice] = useState<string>();
  const units = list.data?.orgUnits ?? [];
  const unitName = (id: string | null) => (id ? (units.find((u) => u.id === id)?.name ?? '–') : T.wholeTenant);
  const items = (list.data?.items ?? []).filter((i) => filter === 'all' || (filter === 'tenant' ? i.orgUnitId === null : i.orgUnitId === filter));
  const reload = async (message: string) => {
    list.setData(await adminApi.identifiers());
    setNotice(message);
  };

  return (
    <section className="admin-section" aria-labelledby="identifiers-heading">
      <h2 id="identifiers-heading" className="kern-heading-medium">{T.title}</h2>
      <p className="kern-body">{T.intro}</p>
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      <Select className="identifier-filter" label={T.filter} value={filter} onChange={setFilter}
        options={[{ value: 'all', label: T.filterAll }, { value: 'tenant', label: T.wholeTenant }, ...units.map((u) => ({ value: u.id, label: u.name }))]} />
      <AdminTable
        caption={T.title}
        rows={list.data ? items : undefined}
        rowKey={(i) => i.id}
        empty={filter === 'all' ? T.empty : T.emptyFiltered}
        emptyAsNote
        columns={[
          { header: T.value, rowHeader: true, cell: (i) => i.value },
          { header: T.scheme, cell: (i) => T.schemes[i.scheme] ?? i.scheme },
          { header: T.assignment, cell: (i) => unitName(i.orgUnitId) },
          { header: T.createdAt, cell: (i) => formatDateTime(i.createdAt) },
        ]}
        actions={{
          cell: (i) => (
            <button type="button" className="kern-btn kern-btn--tertiary" aria-label={T.removeLabel(i.value)} onClick={() => setRemoving(i)}>
              <span className="kern-label">{T.remove}</span>
            </button>
          ),
        }}
      />
      <AddForm units={units} onAdded={(item) => void reload(T.created(item.value))} />
      <IdentifierImport onImported={(n) => void reload(T.imported(n))} />
      {removing ? (
        <RemoveDialog item={removing} onClose={() => setRemoving(null)} onRemoved={() => { const v = removing.value; setRemoving(null); void reload(T.removed(v)); }} />
      ) : null}
    </section>
  );
}
