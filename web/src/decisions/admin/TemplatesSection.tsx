import { useId, useState } from 'react';
import { isApiError } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { t } from '../../i18n/de';
import { AdminTable } from '../../ui/AdminTable';
import { Alert } from '../../ui/Alert';
import { Select } from '../../ui/Select';
import { TextInput } from '../../ui/TextInput';
import { decisionAdminApi, type DecisionKind, type DecisionTemplate, type ServiceDecisionSettings } from '../api';

interface Draft { id: string | null; name: string; kind: DecisionKind; serviceId: string; body: string }
const EMPTY: Draft = { id: null, name: '', kind: 'approval', serviceId: '', body: '' };

function TemplateEditor({ initial, services, onSaved, onCancel }: {
  initial: Draft; services: ServiceDecisionSettings[]; onSaved: () => void; onCancel: () => void;
}) {
  const tx = t.decisions.admin;
  const bodyId = useId();
  const [draft, setDraft] = useState(initial);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string>();
  const placeholders = useAsync(() => decisionAdminApi.placeholders(), []);
  const save = async () => {
    setBusy(true);
    setErrors({});
    setGeneral(undefined);
    const body = { name: draft.name, kind: draft.kind, serviceId: draft.serviceId || null, body: draft.body };
    try {
      if (draft.id) await decisionAdminApi.updateTemplate(draft.id, body);
      else await decisionAdminApi.createTemplate(body);
      onSaved();
    } catch (e) {
      if (isApiError(e) && e.field && ['name', 'body', 'serviceId', 'kind'].includes(e.field)) setErrors({ [e.field]: e.detail });
      else setGeneral(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  const bodyError = errors.body;
  return (
    <form className="decision-admin__editor" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}
      aria-label={draft.id ? tx.editTemplate(initial.name) : tx.newTemplate}>
      {general ? <Alert tone="danger" title={general} /> : null}
      <TextInput label={tx.name} value={draft.name} onChange={(name) => setDraft({ ...draft, name })} error={errors.name} isRequired />
      <Select label={tx.kind} value={draft.kind} onChange={(kind) => setDraft({ ...draft, kind: kind as DecisionKind })}
        options={[{ value: 'approval', label: t.decisions.kind.approval! }, { value: 'rejection', label: t.decisions.kind.rejection! }]} />
      <Select label={tx.service} value={draft.serviceId} onChange={(serviceId) => setDraft({ ...draft, serviceId })} error={errors.serviceId}
        options={[{ value: '', label: tx.allServices }, ...services.map((s) => ({ value: s.service.id, label: s.service.name }))]} />
      <div className={`kern-form-input${bodyError ? ' kern-form-input--error' : ''}`}>
        <label className="kern-label" htmlFor={bodyId}>{tx.body}</label>
        <textarea id={bodyId} className={`kern-form-input__input textarea${bodyError ? ' kern-form-input__input--error' : ''}`} rows={12}
          value={draft.body} onChange={(e) => setDraft({ ...draft, body: e.target.value })} required
          aria-invalid={bodyError ? true : undefined} aria-describedby={`${bodyId}-ph${bodyError ? ` ${bodyId}-err` : ''}`} />
        {bodyError ? (
          <p className="kern-error" id={`${bodyId}-err`}>
            <span className="kern-icon kern-icon--danger" aria-hidden="true" />
            <span className="kern-body">{bodyError}</span>
          </p>
        ) : null}
      </div>
      <div id={`${bodyId}-ph`} className="decision-admin__placeholders">
        <p className="kern-label">{tx.placeholders}</p>
        <ul>
          {(placeholders.data?.items ?? []).map((p) => (
            <li key={p.name}><code>{`{{${p.name}}}`}</code> – {p.description}</li>
          ))}
          <li>{tx.formPlaceholder}</li>
        </ul>
      </div>
      <div className="decision-admin__buttons">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{tx.save}</span></button>
        <button type="button" className="kern-btn kern-btn--secondary" onClick={onCancel}><span className="kern-label">{t.decisions.cancel}</span></button>
      </div>
    </form>
  );
}

/** Approval and rejection texts with placeholders, per service or as default for all. */
export function TemplatesSection({ services }: { services: ServiceDecisionSettings[] }) {
  const tx = t.decisions.admin;
  const list = useAsync(() => decisionAdminApi.templates().then((r) => r.items), []);
  const [editing, setEditing] = useState<Draft | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string }>();
  const edit = (tp: DecisionTemplate) => setEditing({ id: tp.id, name: tp.name, kind: tp.kind, serviceId: tp.service?.id ?? '', body: tp.body });
  const remove = async (tp: DecisionTemplate) => {
    if (!window.confirm(tx.removeConfirm(tp.name))) return;
    try {
      await decisionAdminApi.deleteTemplate(tp.id);
      list.reload();
    } catch (e) {
      setNotice({ tone: 'danger', text: isApiError(e) ? e.detail : t.app.unexpectedError });
    }
  };
  return (
    <section className="admin-section" aria-labelledby="decision-templates-heading">
      <h2 id="decision-templates-heading" className="kern-heading-medium">{tx.templates}</h2>
      {notice ? <Alert tone={notice.tone} title={notice.text} /> : null}
      <AdminTable
        caption={tx.templates}
        className="decision-admin__table"
        scroll={false}
        rows={list.data}
        rowKey={(tp) => tp.id}
        empty={tx.templatesEmpty}
        emptyAsNote
        columns={[
          { header: tx.name, cell: (tp) => tp.name },
          { header: tx.kind, cell: (tp) => t.decisions.kind[tp.kind] },
          { header: tx.service, cell: (tp) => tp.service?.name ?? tx.allServices },
        ]}
        actions={{
          header: <span className="kern-sr-only">{tx.edit}</span>,
          className: 'decision-admin__row-actions',
          cell: (tp) => (
            <>
              <button type="button" className="kern-btn kern-btn--tertiary kern-btn--x-small" onClick={() => edit(tp)}>
                <span className="kern-label">{tx.edit}<span className="kern-sr-only">: {tp.name}</span></span>
              </button>
              <button type="button" className="kern-btn kern-btn--tertiary kern-btn--x-small" onClick={() => void remove(tp)}>
                <span className="kern-label">{tx.remove}<span className="kern-sr-only">: {tp.name}</span></span>
              </button>
            </>
          ),
        }}
      />
      {editing ? (
        <TemplateEditor key={editing.id ?? 'new'} initial={editing} services={services}
          onSaved={() => { setEditing(null); setNotice({ tone: 'success', text: tx.saved }); list.reload(); }}
          onCancel={() => setEditing(null)} />
      ) : (
        <button type="button" className="kern-btn kern-btn--primary" onClick={() => { setNotice(undefined); setEditing(EMPTY); }}>
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">{tx.newTemplate}</span>
        </button>
      )}
    </section>
  );
}
