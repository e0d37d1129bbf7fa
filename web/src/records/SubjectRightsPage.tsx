import { useState } from 'react';
import { isApiError } from '../api/client';
import { Link } from '../app/router';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { TextInput } from '../ui/TextInput';
import { ErasureRequests } from './ErasureRequests';
import { CorrectionForm, ErasureForm } from './SubjectActions';
import { privacyApi, type SubjectCase, type SubjectCases, type SubjectQuery } from './recordsApi';
import './records.css';

const s = t.subjectRights;

/** /betroffenenrechte — access report, correction and early erasure for one person (data-protection officer). */
export default function SubjectRightsPage() {
  const me = useMe();
  useTitle(s.title);
  const allowed = may(me, 'privacy.manage');
  const [draft, setDraft] = useState<SubjectQuery>({});
  const [result, setResult] = useState<SubjectCases | null>(null);
  const [query, setQuery] = useState<SubjectQuery | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<{ field?: string; detail: string } | null>(null);
  const [panel, setPanel] = useState<{ kind: 'correct' | 'erase'; kase: SubjectCase } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const requests = useAsync(() => (allowed ? privacyApi.requests() : Promise.resolve({ items: [] })), [allowed]);

  if (!allowed) {
    return (
      <section className="page">
        <h1 className="kern-heading-large">{s.title}</h1>
        <Alert tone="warning" title={s.notAllowed} />
      </section>
    );
  }

  const search = async (q: SubjectQuery, keepChoice = false) => {
    setError(null);
    try {
      const found = await privacyApi.search(q);
      setResult(found);
      setQuery(q);
      if (!keepChoice) setChosen(new Set());
    } catch (e) {
      setError(isApiError(e) ? { field: e.field, detail: e.detail } : { detail: t.app.unexpectedError });
    }
  };
  const done = (message: string) => {
    setPanel(null);
    setNotice(message);
    requests.reload();
    if (query) void search(query, true);
  };
  const set = (key: keyof SubjectQuery) => (value: string) => setDraft((d) => ({ ...d, [key]: value || undefined }));
  const toggle = (id: string) => setChosen((c) => { const n = new Set(c); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const selected = result?.items.filter((c) => chosen.has(c.id)).map((c) => c.id) ?? [];

  return (
    <section className="page">
      <h1 className="kern-heading-large">{s.title}</h1>
      <p className="kern-body">{s.intro}</p>
      <form aria-label={s.search} className="access-log__filters" noValidate onSubmit={(e) => { e.preventDefault(); setNotice(null); void search({ ...draft }); }}>
        <TextInput label={s.name} hint={s.nameHint} value={draft.name ?? ''} onChange={set('name')} error={error?.field === 'name' ? error.detail : undefined} />
        <TextInput label={s.email} type="email" value={draft.email ?? ''} onChange={set('email')} />
        <TextInput label={s.mailboxId} hint={s.mailboxHint} value={draft.mailboxId ?? ''} onChange={set('mailboxId')} />
        <TextInput label={s.caseNumbers} hint={s.caseNumbersHint} value={draft.caseNumbers ?? ''} onChange={set('caseNumbers')} />
        <button type="submit" className="kern-btn kern-btn--primary"><span className="kern-label">{s.submit}</span></button>
      </form>
      {error && error.field !== 'name' ? <Alert tone="danger" title={error.detail} /> : null}
      {notice ? <Alert tone="success" title={notice} /> : null}
      {result ? (
        <section aria-labelledby="subject-results">
          <h2 id="subject-results" className="kern-heading-medium">{s.results}</h2>
          {result.truncated ? <Alert tone="warning" title={s.truncated} /> : null}
          {result.items.length === 0 ? <p className="kern-body muted">{s.none}</p> : (
            <table className="kern-table">
              <caption className="kern-table__caption">{s.resultsCaption}</caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  {[s.choose, s.colCase, s.colPerson, s.colFound, s.colActions].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {result.items.map((c) => (
                  <tr key={c.id} className="kern-table__row">
                    <td className="kern-table__cell">
                      <div className="kern-form-check">
                        <input id={`pick-${c.id}`} type="checkbox" className="kern-form-check__checkbox" checked={chosen.has(c.id)} onChange={() => toggle(c.id)} />
                        <label htmlFor={`pick-${c.id}`} className="kern-label kern-sr-only">{s.chooseCase(c.caseNumber)}</label>
                      </div>
                    </td>
                    <td className="kern-table__cell">
                      <Link className="kern-link" href={`/vorgaenge/${c.id}`}>{c.caseNumber}</Link>
                      <br />{c.serviceName} · {t.status[c.status] ?? c.status} · {formatDate(c.receivedAt)}
                    </td>
                    <td className="kern-table__cell">
                      {c.applicantName}{c.dateOfBirth ? `, ${s.born(formatDate(c.dateOfBirth))}` : ''}
                      {c.address ? <><br />{c.address}</> : null}
                      {c.email ? <><br />{c.email}</> : null}
                      {c.mailboxId ? <><br />{s.mailboxId}: {c.mailboxId}</> : null}
                    </td>
                    <td className="kern-table__cell">{c.matchedBy.map((m) => s.matchedBy[m]).join(', ')}</td>
                    <td className="kern-table__cell">
                      <div className="subject-panel__buttons">
                        <button type="button" className="kern-btn kern-btn--secondary" aria-label={`${s.correct}: ${c.caseNumber}`} onClick={() => { setNotice(null); setPanel({ kind: 'correct', kase: c }); }}>
                          <span className="kern-label">{s.correct}</span>
                        </button>
                        <button type="button" className="kern-btn kern-btn--secondary" aria-label={`${s.erase}: ${c.caseNumber}`} onClick={() => { setNotice(null); setPanel({ kind: 'erase', kase: c }); }}>
                          <span className="kern-label">{s.erase}</span>
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {result.items.length ? (
            <p className="kern-body">
              {selected.length ? (
                <><a className="kern-btn kern-btn--primary" href={privacyApi.reportUrl(selected)} download><span className="kern-label">{s.report}</span></a> {s.reportHint(selected.length)}</>
              ) : s.reportNone}
            </p>
          ) : null}
          {panel?.kind === 'correct' ? <CorrectionForm key={panel.kase.id} kase={panel.kase} onDone={done} onCancel={() => setPanel(null)} /> : null}
          {panel?.kind === 'erase' ? <ErasureForm key={panel.kase.id} kase={panel.kase} onDone={done} onCancel={() => setPanel(null)} /> : null}
        </section>
      ) : null}
      {requests.error ? <Alert tone="danger" title={isApiError(requests.error) ? requests.error.detail : t.app.unexpectedError} /> : null}
      {requests.data ? <ErasureRequests items={requests.data.items} onChanged={done} /> : null}
    </section>
  );
}
