import { useEffect, useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { formatDateTime } from '../i18n/format';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { adminApi } from './adminApi';
import { DialogFooter } from './DialogFooter';
import { MappingPreviewResult } from './MappingPreview';
import { MAPPING_FIELDS, type ApplicantMapping, type MappingPreview, type MappingState } from './types';

const T = t.admin.applicantMapping;

interface Draft { useDefaults: boolean; kindPath: string; kindValues: string; fields: Record<string, string> }

const draftOf = (m: ApplicantMapping): Draft => ({
  useDefaults: m.useDefaults,
  kindPath: m.kind?.path ?? '',
  kindValues: m.kind?.organisationValues.join(', ') ?? '',
  fields: Object.fromEntries(MAPPING_FIELDS.map((f) => [f, m.fields[f] ?? ''])),
});

const mappingOf = (d: Draft): ApplicantMapping => ({
  useDefaults: d.useDefaults,
  kind: d.kindPath.trim() ? { path: d.kindPath.trim(), organisationValues: d.kindValues.split(',').map((v) => v.trim()).filter(Boolean) } : null,
  fields: Object.fromEntries(Object.entries(d.fields).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()])),
});

/** Server field names (fields.email, kind.path, mapping.fields.email …) → the editor's inputs. */
function inputOf(field: string | undefined): string | undefined {
  const f = field?.replace(/^mapping\./, '');
  if (!f) return undefined;
  if (f.startsWith('fields.')) return f.slice('fields.'.length);
  if (f === 'kind.path') return 'kindPath';
  if (f.startsWith('kind.organisationValues')) return 'kindValues';
  return undefined;
}

function ReapplyDialog({ state, onClose, onDone }: { state: MappingState; onClose: () => void; onDone: (text: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async () => {
    setBusy(true);
    try {
      let after: string | undefined;
      let examined = 0;
      let changed = 0;
      do {
        const r = await adminApi.reapplyApplicantMapping(state.serviceId, after);
        examined += r.examined;
        changed += r.changed;
        after = r.nextAfter ?? undefined;
      } while (after);
      onDone(T.reapplied(changed, examined));
    } catch (e) {
      setError(isApiError(e) ? e.detail : t.app.unexpectedError);
      setBusy(false);
    }
  };
  return (
    <Modal title={T.reapplyTitle} isOpen role="alertdialog" onOpenChange={(o) => !o && onClose()} onSubmit={() => void run()}
      footer={<DialogFooter onClose={onClose} confirm={T.reapply} busy={busy} />}>
      {error ? <Alert tone="danger" title={error} /> : null}
      <p className="kern-body">{T.reapplyText(state.serviceName)}</p>
    </Modal>
  );
}

function Editor({ state, onSaved }: { state: MappingState; onSaved: (s: MappingState) => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(state.mapping));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [caseId, setCaseId] = useState(state.cases[0]?.id ?? '');
  const [preview, setPreview] = useState<MappingPreview>();
  const [busy, setBusy] = useState(false);
  const [reapplying, setReapplying] = useState(false);
  const setField = (key: string, value: string) => setDraft((d) => ({ ...d, fields: { ...d.fields, [key]: value } }));

  const call = async (action: () => Promise<void>) => {
    setErrors({});
    setGeneral(undefined);
    setNotice(undefined);
    if (draft.kindPath.trim() && !draft.kindValues.trim()) return setErrors({ kindValues: T.kindValuesRequired });
    setBusy(true);
    try {
      await action();
    } catch (e) {
      const input = isApiError(e) ? inputOf(e.field) : undefined;
      if (input && isApiError(e)) setErrors({ [input]: e.detail });
      else setGeneral(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  const save = () => call(async () => {
    const saved = await adminApi.saveApplicantMapping(state.serviceId, mappingOf(draft));
    onSaved(saved);
    setNotice(T.saved(saved.serviceName));
  });
  const showPreview = () => call(async () => setPreview(await adminApi.previewApplicantMapping(state.serviceId, { caseId, mapping: mappingOf(draft) })));

  return (
    <>
    <form className="admin-form" aria-labelledby="mapping-editor-heading" noValidate onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <h3 id="mapping-editor-heading" className="kern-heading-small">{state.serviceName}</h3>
      <p className="kern-body muted">{state.saved && state.updatedAt ? T.savedAt(formatDateTime(state.updatedAt)) : T.defaultsOnly}</p>
      {general ? <Alert tone="danger" title={general} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      <div className="kern-form-check">
        <input className="kern-form-check__checkbox" type="checkbox" id="mapping-use-defaults" checked={draft.useDefaults} onChange={(e) => setDraft((d) => ({ ...d, useDefaults: e.target.checked }))} />
        <label className="kern-label" htmlFor="mapping-use-defaults">{T.useDefaults}</label>
      </div>
      <fieldset className="kern-fieldset">
        <legend className="kern-label">{T.kindLegend}</legend>
        <div className="kern-fieldset__body admin-create__fields">
          <TextInput label={T.kindPath} hint={T.kindPathHint} value={draft.kindPath} onChange={(v) => setDraft((d) => ({ ...d, kindPath: v }))} error={errors.kindPath} />
          <TextInput label={T.kindValues} hint={T.kindValuesHint} value={draft.kindValues} onChange={(v) => setDraft((d) => ({ ...d, kindValues: v }))} error={errors.kindValues} />
        </div>
      </fieldset>
      <fieldset className="kern-fieldset">
        <legend className="kern-label">{T.fieldsLegend}</legend>
        <div className="kern-fieldset__body admin-create__fields">
          {MAPPING_FIELDS.map((f) => (
            <TextInput key={f} label={T.fields[f]!} hint={T.pathHint} value={draft.fields[f] ?? ''} onChange={(v) => setField(f, v)} error={errors[f]} />
          ))}
        </div>
      </fieldset>
      <div className="admin-table__actions">
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{T.save}</span></button>
        <button type="button" className="kern-btn kern-btn--secondary" disabled={busy || !state.saved} onClick={() => setReapplying(true)}><span className="kern-label">{T.reapply}</span></button>
      </div>
      <section className="admin-create" aria-labelledby="mapping-preview-heading">
        <h3 id="mapping-preview-heading" className="kern-heading-small">{T.previewTitle}</h3>
        {state.cases.length === 0 ? <p className="kern-body muted">{T.noCases}</p> : (
          <>
            <div className="admin-create__fields">
              <Select label={T.previewCase} value={caseId} onChange={(v) => { setCaseId(v); setPreview(undefined); }}
                options={state.cases.map((c) => ({ value: c.id, label: `${c.caseNumber} (${formatDateTime(c.receivedAt)})` }))} />
            </div>
            <div>
              <button type="button" className="kern-btn kern-btn--secondary" disabled={busy || !caseId} onClick={() => void showPreview()}><span className="kern-label">{T.preview}</span></button>
            </div>
            {preview ? <MappingPreviewResult preview={preview} /> : null}
          </>
        )}
      </section>
    </form>
    {/* Outside the form: a submit inside the dialog would otherwise bubble (through the portal) into the editor's save. */}
    {reapplying ? <ReapplyDialog state={state} onClose={() => setReapplying(false)} onDone={(text) => { setReapplying(false); setNotice(text); }} /> : null}
    </>
  );
}

/** Antragstellerdaten: per service, which form fields give the applicant (with a preview on a received case). */
export function ApplicantMappingSection() {
  const services = useAsync(() => adminApi.services().then((r) => r.items), []);
  const [serviceId, setServiceId] = useState('');
  const [state, setState] = useState<MappingState>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!serviceId && services.data?.[0]) setServiceId(services.data[0].id);
  }, [services.data, serviceId]);
  useEffect(() => {
    if (!serviceId) return;
    setState(undefined);
    adminApi.applicantMapping(serviceId).then(setState, (e) => setError(isApiError(e) ? e.detail : t.app.unexpectedError));
  }, [serviceId]);

  return (
    <section className="admin-section" aria-labelledby="mapping-heading">
      <h2 id="mapping-heading" className="kern-heading-medium">{T.title}</h2>
      <p className="kern-body">{T.intro}</p>
      {services.error || error ? <Alert tone="danger" title={error ?? (isApiError(services.error) ? services.error.detail : t.app.unexpectedError)} /> : null}
      {services.data?.length === 0 ? <p className="kern-body muted">{T.noServices}</p> : (
        <Select className="identifier-filter" label={T.service} value={serviceId} onChange={setServiceId}
          options={(services.data ?? []).map((s) => ({ value: s.id, label: s.name }))} />
      )}
      {state ? <Editor key={state.serviceId} state={state} onSaved={setState} /> : null}
    </section>
  );
}
