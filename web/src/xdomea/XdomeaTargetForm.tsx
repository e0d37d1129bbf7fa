import { useState } from 'react';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { xdomeaApi, type TargetInput, type XdomeaTarget } from './xdomeaApi';

const A = t.xdomea.admin;
const FIELDS = ['kind', 'transport', 'name', 'authorityId', 'config', 'sharedSecret'] as const;

/** A new target: the E-Akte/DMS, another authority or the archive, reached by directory or HTTP(S). */
export function XdomeaTargetForm({ onAdded }: { onAdded: (target: XdomeaTarget) => void }) {
  const [kind, setKind] = useState<TargetInput['kind']>('dms');
  const [transport, setTransport] = useState<TargetInput['transport']>('directory');
  const [name, setName] = useState('');
  const [authorityId, setAuthorityId] = useState('');
  const [directory, setDirectory] = useState('');
  const [url, setUrl] = useState('');
  const [pollUrl, setPollUrl] = useState('');
  const [secret, setSecret] = useState('');
  const [notice, setNotice] = useState<string>();
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = () => run(async () => {
    setNotice(undefined);
    const config = transport === 'directory' ? { directory: directory.trim() } : { url: url.trim(), ...(pollUrl.trim() ? { pollUrl: pollUrl.trim() } : {}) };
    const added = await xdomeaApi.addTarget({
      kind, transport, name: name.trim(), authorityId: authorityId.trim(), config, ...(transport === 'http' && secret ? { sharedSecret: secret } : {}),
    });
    setName(''); setAuthorityId(''); setDirectory(''); setUrl(''); setPollUrl(''); setSecret('');
    setNotice(A.added(added.name));
    onAdded(added);
  }, FIELDS);
  return (
    <form className="admin-create" aria-labelledby="xdomea-add-heading" noValidate onSubmit={(e) => { e.preventDefault(); errors.clear(); void submit(); }}>
      <h3 id="xdomea-add-heading" className="kern-heading-small">{A.addTitle}</h3>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      <div className="admin-create__fields">
        <Select label={A.kind} value={kind} onChange={(v) => setKind(v as TargetInput['kind'])} error={errors.fields.kind}
          options={(['dms', 'authority', 'archive'] as const).map((k) => ({ value: k, label: t.xdomea.targetKind[k]! }))} />
        <Select label={A.transportLabel} value={transport} onChange={(v) => setTransport(v as TargetInput['transport'])} error={errors.fields.transport}
          options={(['directory', 'http'] as const).map((k) => ({ value: k, label: A.transport[k]! }))} />
        <TextInput label={A.name} value={name} onChange={setName} error={errors.fields.name} isRequired />
        <TextInput label={A.targetAuthorityId} value={authorityId} onChange={setAuthorityId} error={errors.fields.authorityId} isRequired />
        {transport === 'directory' ? (
          <TextInput label={A.directory} hint={A.directoryHint} value={directory} onChange={setDirectory} error={errors.fields.config} isRequired />
        ) : (
          <>
            <TextInput label={A.url} value={url} onChange={setUrl} error={errors.fields.config} isRequired />
            <TextInput label={A.pollUrl} value={pollUrl} onChange={setPollUrl} />
            <TextInput label={A.secret} hint={A.secretHint} type="password" autoComplete="off" value={secret} onChange={setSecret} error={errors.fields.sharedSecret} isRequired />
          </>
        )}
      </div>
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}><span className="kern-label">{A.add}</span></button>
      </div>
    </form>
  );
}
