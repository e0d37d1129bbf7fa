import { t } from '../i18n/de';
import { formatDate } from '../i18n/format';
import { AdminTable } from '../ui/AdminTable';
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
      <AdminTable
        caption={T.previewCaption(preview.caseNumber)}
        captionClassName="kern-title"
        rows={rows}
        rowKey={(key) => key}
        rowClassName={(key) => (valueOf(preview.current, key) !== valueOf(preview.applicant, key) ? 'mapping-preview__changed' : undefined)}
        columns={[
          { header: T.column, rowHeader: true, cell: (key) => (key === 'kind' ? T.kind : key === 'mailbox' ? T.mailbox : T.fields[key]) },
          { header: T.now, cell: (key) => valueOf(preview.current, key) },
          { header: T.after, cell: (key) => valueOf(preview.applicant, key) },
        ]}
      />
      <details className="mapping-preview__fields">
        <summary className="kern-label">{T.formFields}</summary>
        <AdminTable
          caption={T.formFields}
          rows={preview.fields}
          rowKey={(f) => f.path}
          columns={[
            { header: T.path, rowHeader: true, cell: (f) => <code>{f.path}</code> },
            { header: T.label, cell: (f) => f.label },
            { header: T.value, cell: (f) => f.value ?? T.empty },
          ]}
        />
      </details>
    </div>
  );
}
