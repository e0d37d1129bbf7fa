import { useState } from 'react';
import { resetLookups } from '../app/lookups';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { CreateForm } from './CreateForm';
import { Modal } from '../ui/Modal';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import type { AdminOrgUnit } from './types';
import { useFormErrors, useSubmission } from './useFormErrors';
import { DialogFooter } from './DialogFooter';

interface Props {
  orgUnits: AdminOrgUnit[];
  onChanged: (units: AdminOrgUnit[]) => void;
}

function RenameDialog({ unit, onClose, onSaved }: { unit: AdminOrgUnit; onClose: () => void; onSaved: (u: AdminOrgUnit) => void }) {
  const [name, setName] = useState(unit.name);
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = async () => {
    errors.clear();
    if (!name.trim()) return errors.setField('name', t.admin.orgUnits.nameRequired);
    await run(async () => {
      onSaved(await adminApi.updateOrgUnit(unit.id, { name: name.trim() }));
    }, ['name']);
  };
  return (
    <Modal
      title={t.admin.orgUnits.renameTitle(unit.name)}
      isOpen
      onOpenChange={(o) => !o && onClose()}
      onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={t.admin.save} busy={busy} />}
    >
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <TextInput label={t.admin.orgUnits.name} value={name} onChange={setName} error={errors.fields.name} isRequired />
    </Modal>
  );
}

/** Org units: list, create (name + short code used in case numbers), rename. */
export function OrgUnitsSection({ orgUnits, onChanged }: Props) {
  const [name, setName] = useState('');
  const [shortCode, setShortCode] = useState('');
  const [renaming, setRenaming] = useState<AdminOrgUnit | null>(null);
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);

  const create = async () => {
    errors.clear();
    setNotice(undefined);
    if (!name.trim()) errors.setField('name', t.admin.orgUnits.nameRequired);
    if (!shortCode.trim()) errors.setField('shortCode', t.admin.orgUnits.shortCodeRequired);
    if (!name.trim() || !shortCode.trim()) return;
    await run(async () => {
      const unit = await adminApi.createOrgUnit({ name: name.trim(), shortCode: shortCode.trim() });
      onChanged([...orgUnits, unit].sort((a, b) => a.name.localeCompare(b.name, 'de')));
      resetLookups();
      setName('');
      setShortCode('');
      setNotice(t.admin.orgUnits.created(unit.name));
    }, ['name', 'shortCode']);
  };

  return (
    <section className="admin-section" aria-labelledby="units-heading">
      <h2 id="units-heading" className="kern-heading-medium">
        {t.admin.orgUnits.title}
      </h2>
      {notice ? <Alert tone="success" title={notice} /> : null}
      <AdminTable
        caption={t.admin.orgUnits.title}
        rows={orgUnits}
        rowKey={(u) => u.id}
        columns={[
          { header: t.admin.orgUnits.name, rowHeader: true, cell: (u) => u.name },
          { header: t.admin.orgUnits.shortCode, cell: (u) => u.shortCode },
        ]}
        actions={{
          cell: (u) => (
            <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.admin.orgUnits.rename}: ${u.name}`} onClick={() => setRenaming(u)}>
              <span className="kern-label">{t.admin.orgUnits.rename}</span>
            </button>
          ),
        }}
      />
      <CreateForm id="unit-create" title={t.admin.orgUnits.createTitle} submitLabel={t.admin.orgUnits.create} busy={busy} generalError={errors.general} onSubmit={() => void create()}>
          <TextInput label={t.admin.orgUnits.name} value={name} onChange={(v) => { setName(v); errors.setField('name', undefined); }} error={errors.fields.name} isRequired />
          <TextInput label={t.admin.orgUnits.shortCode} hint={t.admin.orgUnits.shortCodeHint} value={shortCode} onChange={(v) => { setShortCode(v); errors.setField('shortCode', undefined); }} error={errors.fields.shortCode} isRequired />
      </CreateForm>
      {renaming ? (
        <RenameDialog
          unit={renaming}
          onClose={() => setRenaming(null)}
          onSaved={(u) => {
            onChanged(orgUnits.map((o) => (o.id === u.id ? u : o)));
            resetLookups();
            setRenaming(null);
            setNotice(t.admin.orgUnits.renamed(u.name));
          }}
        />
      ) : null}
    </section>
  );
}
