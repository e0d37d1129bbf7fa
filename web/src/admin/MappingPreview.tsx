import { t } from '../i18n/de';
import { formatDate } from '../i18n/format';
import { Alert } from '../ui/Alert';
import { mailboxWords } from '../case/mailboxText';
import { MAPPING_FIELDS, type MappedApplicant, type MappingPreview } from './types';

const T = t.admin.applicantMapping;

function valueOf(a: MappedApplicant, key: string): string {
  if (key === 'kind') return T.kinds[a.kind] ?? a.kind;
  if (key === 'mailbox') return a.mailbox ? `${mailboxWords(a.mailbox)} (${a.mailbox.identifier})` : T.empty;
  if (key === 'dateOfBirth') return a.dateOfBirth ? formatDate(a.dateOfBirth) : T.empty;
  const v = ['street', 'houseNumber', 'postalCode', 'city'].includes(key) ? a.address?.[key] : (a as unknown as Record<string, string | undefined>)[key];
  return v || T.empty;
}

/** What the mapping makes of one received case, beside what the case holds now; warnings for missing fields. */
export function MappingPreviewResult({ preview }: { preview: MappingPreview }) {
  const rows = ['kind', ...MAPPING_FIELDS, 'mailbox'];
  return (
    <div className="mapping-preview">
      {preview.warnings.length ? (
        <Alert tone="warning" title={T.warnings}>
          <ul className="kern-list">
            {preview.warnings.map((w) => <li key={`${w.field}:${w.path}`}>{w.message}</li>)}
          </ul>
        </Alert>
      ) : (
        <Alert tone="success" title={T.noWarnings} />
      )}
      <div className="table-scroll">
        <table className="kern-table admin-table">
          <caption className="kern-title">{T.previewCaption(preview.caseNumber)}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">{T.column}</th>
              <th scope="col" className="kern-table__header">{T.now}</th>
              <th scope="col" className="kern-table__header">{T.after}</th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {rows.map((key) => {
              const before = valueOf(preview.current, key);
              const after = valueOf(preview.applicant, key);
              return (
                <tr key={key} className={`kern-table__row${before !== after ? ' mapping-preview__changed' : ''}`}>
                  <th scope="row" className="kern-table__cell">{key === 'kind' ? T.kind : key === 'mailbox' ? T.mailbox : T.fields[key]}</th>
                  <td className="kern-table__cell">{before}</td>
                  <td className="kern-table__cell">{after}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <details className="mapping-preview__fields">
        <summary className="kern-label">{T.formFields}</summary>
        <div className="table-scroll">
          <table className="kern-table admin-table">
            <caption className="kern-sr-only">{T.formFields}</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">{T.path}</th>
                <th scope="col" className="kern-table__header">{T.label}</th>
                <th scope="col" className="kern-table__header">{T.value}</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {preview.fields.map((f) => (
                <tr key={f.path} className="kern-table__row">
                  <th scope="row" className="kern-table__cell"><code>{f.path}</code></th>
                  <td className="kern-table__cell">{f.label}</td>
                  <td className="kern-table__cell">{f.value ?? T.empty}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
