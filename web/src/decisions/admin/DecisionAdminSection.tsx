import { useEffect, useId, useState } from 'react';
import { isApiError } from '../../api/client';
import { useAsync } from '../../app/useAsync';
import { t } from '../../i18n/de';
import { Alert } from '../../ui/Alert';
import { TextInput } from '../../ui/TextInput';
import { decisionAdminApi, type Letterhead, type ServiceDecisionSettings } from '../api';
import { TemplatesSection } from './TemplatesSection';
import '../decisions.css';

const fileAsBase64 = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

function LetterheadForm({ initial }: { initial: Letterhead }) {
  const tx = t.decisions.admin;
  const logoId = useId();
  const [name, setName] = useState(initial.name);
  const [address, setAddress] = useState(initial.addressLines.join('\n'));
  const [contact, setContact] = useState(initial.contact);
  const [logo, setLogo] = useState<File | null>(null);
  const [hasLogo, setHasLogo] = useState(Boolean(initial.logo));
  const [removeLogo, setRemoveLogo] = useState(false);
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string; field?: string }>();
  const save = async () => {
    setNotice(undefined);
    try {
      const saved = await decisionAdminApi.saveLetterhead({
        name, addressLines: address.split('\n'), contact,
        ...(logo ? { logoBase64: await fileAsBase64(logo) } : removeLogo ? { logoBase64: null } : {}),
      });
      setHasLogo(Boolean(saved.logo));
      setLogo(null);
      setRemoveLogo(false);
      setNotice({ tone: 'success', text: tx.saved });
    } catch (e) {
      setNotice({ tone: 'danger', text: isApiError(e) ? e.detail : t.app.unexpectedError, field: isApiError(e) ? e.field : undefined });
    }
  };
  return (
    <section className="admin-section" aria-labelledby="letterhead-heading">
      <h2 id="letterhead-heading" className="kern-heading-medium">{tx.letterhead}</h2>
      <form noValidate className="decision-admin__editor" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        {notice ? <Alert tone={notice.tone} title={notice.text} /> : null}
        <TextInput label={tx.letterheadName} value={name} onChange={setName} isRequired error={notice?.field === 'name' ? notice.text : undefined} />
        <TextInput label={tx.addressLines} value={address} onChange={setAddress} multiline />
        <TextInput label={tx.contact} value={contact} onChange={setContact} />
        <div className="kern-form-input">
          <label className="kern-label" htmlFor={logoId}>{tx.logo}</label>
          {hasLogo ? <p className="kern-hint">{tx.logoPresent}</p> : null}
          <input id={logoId} type="file" accept="image/png,image/jpeg" className="kern-form-input__input"
            onChange={(e) => setLogo(e.target.files?.[0] ?? null)} />
        </div>
        {hasLogo ? (
          <div className="kern-form-check">
            <input id={`${logoId}-rm`} type="checkbox" className="kern-form-check__checkbox" checked={removeLogo} onChange={(e) => setRemoveLogo(e.target.checked)} />
            <label className="kern-label" htmlFor={`${logoId}-rm`}>{tx.removeLogo}</label>
          </div>
        ) : null}
        <div className="decision-admin__buttons">
          <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{tx.save}</span></button>
        </div>
      </form>
    </section>
  );
}

function ServiceSettingsRow({ row }: { row: ServiceDecisionSettings }) {
  const tx = t.decisions.admin;
  const id = useId();
  const [requiresRelease, setRequiresRelease] = useState(row.requiresRelease);
  const [requiresTasksDone, setRequiresTasksDone] = useState(row.requiresTasksDone);
  const [url, setUrl] = useState(row.generatorUrl ?? '');
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string }>();
  useEffect(() => setRequiresRelease(row.requiresRelease), [row.requiresRelease]);
  useEffect(() => setRequiresTasksDone(row.requiresTasksDone), [row.requiresTasksDone]);
  const save = async () => {
    try {
      await decisionAdminApi.saveSettings(row.service.id, { requiresRelease, requiresTasksDone, generatorUrl: url.trim() || null });
      setNotice({ tone: 'success', text: tx.settingsSaved(row.service.name) });
    } catch (e) {
      setNotice({ tone: 'danger', text: isApiError(e) ? e.detail : t.app.unexpectedError });
    }
  };
  return (
    <fieldset className="decision-admin__service">
      <legend className="kern-label">{row.service.name}</legend>
      {notice ? <Alert tone={notice.tone} title={notice.text} /> : null}
      <div className="kern-form-check">
        <input id={`${id}-4e`} type="checkbox" className="kern-form-check__checkbox" checked={requiresRelease} onChange={(e) => setRequiresRelease(e.target.checked)} />
        <label className="kern-label" htmlFor={`${id}-4e`}>{tx.requiresRelease}</label>
      </div>
      <div className="kern-form-check">
        <input id={`${id}-tasks`} type="checkbox" className="kern-form-check__checkbox" checked={requiresTasksDone} onChange={(e) => setRequiresTasksDone(e.target.checked)} />
        <label className="kern-label" htmlFor={`${id}-tasks`}>{tx.requiresTasksDone}</label>
      </div>
      <TextInput label={tx.generatorUrl} value={url} onChange={setUrl} placeholder="https://" />
      <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void save()}>
        <span className="kern-label">{tx.save}<span className="kern-sr-only">: {row.service.name}</span></span>
      </button>
    </fieldset>
  );
}

/** Verwaltung → Bescheide: templates, letterhead and per-service settings. */
export function DecisionAdminSection() {
  const tx = t.decisions.admin;
  const settings = useAsync(() => decisionAdminApi.settings().then((r) => r.items), []);
  const letterhead = useAsync(() => decisionAdminApi.letterhead(), []);
  const failure = settings.error ?? letterhead.error;
  return (
    <div className="decision-admin">
      {failure ? <Alert tone="danger" title={isApiError(failure) ? failure.detail : t.app.unexpectedError} /> : null}
      <TemplatesSection services={settings.data ?? []} />
      {letterhead.data ? <LetterheadForm initial={letterhead.data} /> : null}
      <section className="admin-section" aria-labelledby="decision-settings-heading">
        <h2 id="decision-settings-heading" className="kern-heading-medium">{tx.settings}</h2>
        {(settings.data ?? []).map((row) => <ServiceSettingsRow key={row.service.id} row={row} />)}
      </section>
    </div>
  );
}
