import { useEffect, useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { adminApi } from '../admin/adminApi';
import { CopyField } from '../admin/CopyField';
import { DialogFooter } from '../admin/DialogFooter';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { processorsApi, type Processor } from './api';
import { initialForm, ProcessorFields, serverErrors, toBody, type FormErrorsOf, type FormState } from './ProcessorForm';
import './processors.css';

const x = t.processors.admin;

/** Create (inline) or edit (dialog): the same fields, the server's refusals next to them. */
function useProcessorForm(initial: FormState, save: (body: NonNullable<ReturnType<typeof toBody>['body']>) => Promise<void>) {
  const [form, setForm] = useState(initial);
  const [errors, setErrors] = useState<FormErrorsOf>({});
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const { body, errors: found } = toBody(form);
    setErrors(found);
    if (!body) return;
    setBusy(true);
    try {
      await save(body);
    } catch (e) {
      setErrors(serverErrors(e));
    } finally {
      setBusy(false);
    }
  };
  return { form, setForm, errors, busy, submit };
}

function EditDialog({ processor, onClose, onSaved }: { processor: Processor; onClose: () => void; onSaved: () => void }) {
  const f = useProcessorForm(initialForm(processor), async (body) => { await processorsApi.update(processor.id, body); onSaved(); });
  return (
    <Modal title={x.editTitle(processor.name)} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void f.submit()}
      footer={<DialogFooter onClose={onClose} confirm={x.save} busy={f.busy} />}>
      {f.errors.form ? <Alert tone="danger" title={f.errors.form} /> : null}
      <ProcessorFields form={f.form} onChange={f.setForm} errors={f.errors} kindFixed />
    </Modal>
  );
}

function SecretDialog({ secret, onClose }: { secret: string; onClose: () => void }) {
  return (
    <Modal title={x.secretTitle} isOpen onOpenChange={(o) => !o && onClose()}
      footer={<button type="button" className="kern-btn kern-btn--primary" onClick={onClose}><span className="kern-label">{x.secretStored}</span></button>}>
      <Alert tone="warning" title={x.secretOnce}><p className="kern-body">{x.secretHint}</p></Alert>
      <CopyField label={x.secret} value={secret} />
    </Modal>
  );
}

/** /verwaltung/pruefdienste — per service: the built-in plausibility rules or an HTTP processor, auto-apply, active. */
export function ProcessorAdminSection() {
  const services = useAsync(() => adminApi.services().then((r) => r.items), []);
  const [serviceId, setServiceId] = useState('');
  useEffect(() => {
    if (!serviceId && services.data?.[0]) setServiceId(services.data[0].id);
  }, [services.data, serviceId]);
  const list = useAsync(() => (serviceId ? processorsApi.list(serviceId).then((r) => r.items) : Promise.resolve([])), [serviceId]);
  const [editing, setEditing] = useState<Processor | null>(null);
  const [secret, setSecret] = useState<string>();
  const [notice, setNotice] = useState('');
  const [failure, setFailure] = useState<string>();
  const create = useProcessorForm(initialForm(), async (body) => {
    const created = await processorsApi.create(serviceId, body);
    setNotice(x.created(created.name));
    create.setForm(initialForm());
    if (created.secret) setSecret(created.secret);
    list.reload();
  });
  const toggle = async (p: Processor) => {
    setFailure(undefined);
    try {
      const body = toBody({ ...initialForm(p), active: !p.active }).body!;
      await processorsApi.update(p.id, body);
      setNotice(p.active ? x.deactivated(p.name) : x.activated(p.name));
      list.reload();
    } catch (e) {
      setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };
  const remove = async (p: Processor) => {
    setFailure(undefined);
    try {
      await processorsApi.remove(p.id);
      setNotice(x.removed(p.name));
      list.reload();
    } catch (e) {
      setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };
  return (
    <section className="admin-section" aria-labelledby="processors-admin-heading">
      <h2 id="processors-admin-heading" className="kern-heading-medium">{x.title}</h2>
      <p className="kern-body">{x.intro}</p>
      <Select className="processor-admin__service" label={x.service} value={serviceId} onChange={setServiceId}
        options={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
      {notice ? <Alert tone="success" title={notice} /> : null}
      {failure ? <Alert tone="danger" title={failure} /> : null}
      {list.error ? <Alert tone="danger" title={isApiError(list.error) ? list.error.detail : t.app.unexpectedError} /> : null}
      <AdminTable
        caption={x.caption}
        rows={list.data}
        rowKey={(p) => p.id}
        loading={list.loading}
        empty={x.empty}
        columns={[
          { header: x.cols.name, rowHeader: true, cell: (p) => p.name },
          { header: x.cols.kind, cell: (p) => <>{x.kinds[p.kind]}{p.url ? <><br /><code>{p.url}</code></> : <><br />{x.ruleCount(p.rules.length)}</>}</> },
          { header: x.cols.autoApply, cell: (p) => (p.autoApply ? x.yes : x.no) },
          { header: x.cols.status, cell: (p) => (p.active ? x.isActive : x.isInactive) },
        ]}
        actions={{
          header: x.cols.actions,
          cell: (p) => (
            <>
              <button type="button" className="kern-btn kern-btn--tertiary" aria-label={x.editLabel(p.name)} onClick={() => setEditing(p)}><span className="kern-label">{x.edit}</span></button>
              <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void toggle(p)}>
                <span className="kern-label">{p.active ? x.deactivate(p.name) : x.activate(p.name)}</span>
              </button>
              <button type="button" className="kern-btn kern-btn--tertiary" aria-label={x.removeLabel(p.name)} onClick={() => void remove(p)}><span className="kern-label">{x.remove}</span></button>
            </>
          ),
        }}
      />
      <form className="admin-create" aria-labelledby="processor-create-heading" noValidate onSubmit={(e) => { e.preventDefault(); void create.submit(); }}>
        <h3 id="processor-create-heading" className="kern-heading-small">{x.createTitle}</h3>
        {create.errors.form ? <Alert tone="danger" title={create.errors.form} /> : null}
        <ProcessorFields form={create.form} onChange={create.setForm} errors={create.errors} />
        <div>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={create.busy || !serviceId}><span className="kern-label">{x.create}</span></button>
        </div>
      </form>
      {editing ? <EditDialog processor={editing} onClose={() => setEditing(null)} onSaved={() => { setNotice(x.saved(editing.name)); setEditing(null); list.reload(); }} /> : null}
      {secret ? <SecretDialog secret={secret} onClose={() => setSecret(undefined)} /> : null}
    </section>
  );
}
