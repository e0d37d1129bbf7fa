import { useState } from 'react';
import { isApiError } from '../api/client';
import { useLookups } from '../app/lookups';
import { useAsync } from '../app/useAsync';
import { useTitle } from '../app/useTitle';
import { may, useMe } from '../auth/session';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { AbsenceDialog } from './AbsenceDialog';
import { absencesApi, type Absence } from './api';
import { RedistributeSection } from './RedistributeSection';
import '../deadlines/deadlines.css';

/** /abwesenheiten — own absences and deputies; team leads also everyone's and the redistribution of cases. */
export default function AbsencesPage() {
  useTitle(t.absences.title);
  const me = useMe();
  const lookups = useLookups();
  const lead = may(me, 'absence.manage_others');
  const scope = lead ? 'all' : 'mine';
  const list = useAsync((signal) => absencesApi.list(scope, signal).then((r) => r.items), [scope]);
  const [recording, setRecording] = useState(false);
  const [status, setStatus] = useState('');
  const [failure, setFailure] = useState<string>();

  const withdraw = async (a: Absence) => {
    setFailure(undefined);
    try {
      await absencesApi.withdraw(a.id);
      list.setData((list.data ?? []).filter((x) => x.id !== a.id));
      setStatus(t.absences.withdrawn);
    } catch (e) {
      setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };

  const items = list.data ?? [];
  return (
    <section className="page absences">
      <div className="page__header">
        <h1 className="kern-heading-large">{t.absences.title}</h1>
      </div>
      <p className="kern-body">{t.absences.intro}</p>
      <div role="status">{status ? <Alert tone="success" title={status} /> : null}</div>
      {failure ? <Alert tone="danger" title={failure} /> : null}
      <div className="absences-actions">
        <button type="button" className="kern-btn kern-btn--primary" onClick={() => { setStatus(''); setRecording(true); }}>
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">{lead ? t.absences.recordForOther : t.absences.record}</span>
        </button>
      </div>
      <h2 className="kern-heading-medium">{lead ? t.absences.all : t.absences.mine}</h2>
      {list.data === undefined ? (
        <p className="kern-body muted">{list.error ? (isApiError(list.error) ? list.error.detail : t.app.unexpectedError) : t.app.loading}</p>
      ) : items.length === 0 ? (
        <p className="kern-body muted">{t.absences.empty}</p>
      ) : (
        <div className="table-scroll">
          <table className="kern-table absences-table">
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">{t.absences.colPerson}</th>
                <th scope="col" className="kern-table__header">{t.absences.colDeputy}</th>
                <th scope="col" className="kern-table__header">{t.absences.colPeriod}</th>
                <th scope="col" className="kern-table__header">{t.absences.colNote}</th>
                <th scope="col" className="kern-table__header">{t.absences.colActions}</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {items.map((a) => (
                <tr key={a.id} className="kern-table__row absence-row">
                  <th scope="row" className="kern-table__cell">{a.user.displayName}</th>
                  <td className="kern-table__cell">{a.deputy.displayName}</td>
                  <td className="kern-table__cell">
                    {t.absences.period(formatDate(a.startsOn), formatDate(a.endsOn))}
                    {a.current ? <> <span className="kern-badge kern-badge--info"><span className="kern-label kern-label--small">{t.absences.current}</span></span></> : null}
                  </td>
                  <td className="kern-table__cell">
                    {a.note ?? ''}
                    <span className="muted"> {t.absences.recordedBy(a.createdBy)}</span>
                  </td>
                  <td className="kern-table__cell">
                    {lead || a.user.id === me.user.id ? (
                      <button type="button" className="kern-btn kern-btn--tertiary" aria-label={`${t.absences.withdraw}: ${a.user.displayName}, ${formatDate(a.startsOn)}`} onClick={() => void withdraw(a)}>
                        <span className="kern-icon kern-icon--delete" aria-hidden="true" />
                        <span className="kern-label">{t.absences.withdraw}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {lead ? <RedistributeSection lookups={lookups} /> : null}
      {recording ? (
        <AbsenceDialog
          me={me}
          users={lookups.users}
          forOthers={lead}
          onClose={() => setRecording(false)}
          onDone={(a) => {
            setRecording(false);
            list.setData([...items, a].sort((x, y) => x.startsOn.localeCompare(y.startsOn)));
            setStatus(t.absences.recorded);
          }}
        />
      ) : null}
    </section>
  );
}
