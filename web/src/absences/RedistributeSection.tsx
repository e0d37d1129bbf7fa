import { useId, useState } from 'react';
import { isApiError } from '../api/client';
import type { Lookups } from '../app/lookups';
import { CheckboxGroup } from '../admin/CheckboxGroup';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Select } from '../ui/Select';
import { absencesApi, type RedistributeResult } from './api';

type Errors = Partial<Record<'source' | 'targets' | 'form', string>>;

/**
 * Team leads: hand the open cases of a person or an org unit to others, round robin. Each case is
 * assigned on its own (history, notice); refusals are listed per case and stop nothing.
 */
export function RedistributeSection({ lookups }: { lookups: Lookups }) {
  const id = useId();
  const [kind, setKind] = useState<'user' | 'unit'>('user');
  const [source, setSource] = useState('');
  const [targets, setTargets] = useState<string[]>([]);
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [results, setResults] = useState<RedistributeResult[] | null>(null);

  const submit = async () => {
    const found: Errors = {};
    if (!source) found.source = t.absences.sourceRequired;
    if (!targets.length) found.targets = t.absences.targetsRequired;
    setErrors(found);
    if (Object.keys(found).length) return;
    setBusy(true);
    setResults(null);
    try {
      const body = kind === 'user' ? { fromUserId: source, toUserIds: targets } : { orgUnitId: source, toUserIds: targets };
      setResults((await absencesApi.redistribute(body)).results);
    } catch (e) {
      if (isApiError(e) && e.field === 'toUserIds') setErrors({ targets: e.detail });
      else if (isApiError(e) && (e.field === 'fromUserId' || e.field === 'orgUnitId')) setErrors({ source: e.detail });
      else setErrors({ form: isApiError(e) ? e.detail : t.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };

  const ok = results?.filter((r) => r.ok).length ?? 0;
  const failed = results?.filter((r) => !r.ok) ?? [];
  return (
    <section className="case-section" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="kern-heading-medium">
        {t.absences.redistributeTitle}
      </h2>
      <p className="kern-body">{t.absences.redistributeIntro}</p>
      <form className="redistribute-form" noValidate onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <fieldset className="kern-fieldset deadline-extend__mode">
          <legend className="kern-label">{t.absences.redistributeSource}</legend>
          {(['user', 'unit'] as const).map((k) => (
            <div className="kern-form-check" key={k}>
              <input className="kern-form-check__radio" type="radio" name={`${id}-kind`} id={`${id}-${k}`} checked={kind === k} onChange={() => { setKind(k); setSource(''); setErrors({}); }} />
              <label className="kern-label" htmlFor={`${id}-${k}`}>
                {k === 'user' ? t.absences.sourcePerson : t.absences.sourceUnit}
              </label>
            </div>
          ))}
        </fieldset>
        <Select
          label={kind === 'user' ? t.absences.fromUser : t.absences.fromUnit}
          value={source}
          onChange={(v) => { setSource(v); setErrors((e) => ({ ...e, source: undefined })); }}
          error={errors.source}
          options={[
            { value: '', label: t.absences.choose },
            ...(kind === 'user' ? lookups.users.map((u) => ({ value: u.id, label: u.displayName })) : lookups.orgUnits.map((o) => ({ value: o.id, label: o.name }))),
          ]}
        />
        <CheckboxGroup
          legend={t.absences.targets}
          value={targets}
          onChange={(v) => { setTargets(v); setErrors((e) => ({ ...e, targets: undefined })); }}
          error={errors.targets}
          options={lookups.users.filter((u) => kind !== 'user' || u.id !== source).map((u) => ({ value: u.id, label: u.displayName }))}
        />
        {errors.form ? <Alert tone="danger" title={errors.form} /> : null}
        <div>
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
            <span className="kern-icon kern-icon--arrow-forward" aria-hidden="true" />
            <span className="kern-label">{t.absences.redistribute}</span>
          </button>
        </div>
      </form>
      {results ? (
        <div role="status">
          <Alert tone={failed.length ? 'warning' : 'success'} title={results.length ? t.absences.redistributed(ok, failed.length) : t.absences.nothingToRedistribute}>
            {failed.length ? (
              <ul>
                {failed.map((r) => (
                  <li key={r.caseId}>{r.detail ?? r.code}</li>
                ))}
              </ul>
            ) : null}
          </Alert>
        </div>
      ) : null}
    </section>
  );
}
