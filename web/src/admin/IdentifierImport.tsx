import { useId, useState } from 'react';
import { isApiError } from '../api/client';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
import { Alert } from '../ui/Alert';
import { adminApi } from './adminApi';
import type { IdentifierImportLine, IdentifierImportResult } from './types';

const T = t.admin.identifiers;

/** The per-line result of a check: every line with its verdict, the bad ones with the reason. */
function ResultTable({ lines }: { lines: IdentifierImportLine[] }) {
  return (
    <AdminTable
      caption={T.resultTitle}
      rows={lines}
      rowKey={(l) => l.line}
      rowClassName={(l) => (l.ok ? undefined : 'import-line--bad')}
      columns={[
        { header: T.line, rowHeader: true, cell: (l) => l.line },
        { header: T.scheme, cell: (l) => T.schemes[l.scheme] ?? l.scheme },
        { header: T.value, cell: (l) => l.value },
        { header: T.assignment, cell: (l) => l.orgUnit || T.wholeTenant },
        { header: T.result, cell: (l) => (l.ok ? T.lineOk : <strong>{l.message}</strong>) },
      ]}
    />
  );
}

/** CSV import: choose a file, check it (nothing saved, a verdict per line), then take it over as a whole. */
export function IdentifierImport({ onImported }: { onImported: (count: number) => void }) {
  const id = useId();
  const [csv, setCsv] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string>();
  const [general, setGeneral] = useState<string>();
  const [result, setResult] = useState<IdentifierImportResult | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async (dryRun: boolean) => {
    setGeneral(undefined);
    if (!csv) return setFileError(T.fileRequired);
    setBusy(true);
    try {
      const answer = await adminApi.importIdentifiers({ csv, dryRun });
      if (dryRun) setResult(answer);
      else {
        setResult(null);
        setCsv(null);
        onImported(answer.imported);
      }
    } catch (e) {
      const lines = isApiError(e, 'import_rejected') ? (e.extra.lines as IdentifierImportLine[] | undefined) : undefined;
      if (lines) setResult({ lines, valid: false, imported: 0 });
      else if (isApiError(e) && e.field === 'csv') setFileError(e.detail);
      else setGeneral(isApiError(e) ? e.detail : t.app.unexpectedError);
    } finally {
      setBusy(false);
    }
  };
  const bad = result?.lines.filter((l) => !l.ok).length ?? 0;

  return (
    <form className="admin-create" aria-labelledby={`${id}-heading`} noValidate onSubmit={(e) => { e.preventDefault(); void send(true); }}>
      <h3 id={`${id}-heading`} className="kern-heading-small">{T.importTitle}</h3>
      {general ? <Alert tone="danger" title={general} /> : null}
      <div className={`kern-form-input${fileError ? ' kern-form-input--error' : ''}`}>
        <label className="kern-label" htmlFor={`${id}-file`}>{T.file}</label>
        <p className="kern-hint" id={`${id}-hint`}>{T.importHint}</p>
        <input
          id={`${id}-file`}
          type="file"
          accept=".csv,text/csv,text/plain"
          className="kern-form-input__input"
          aria-describedby={`${id}-hint${fileError ? ` ${id}-error` : ''}`}
          aria-invalid={fileError ? true : undefined}
          onChange={(e) => {
            const file = e.target.files?.[0];
            setResult(null);
            setFileError(undefined);
            if (file) void file.text().then(setCsv);
            else setCsv(null);
          }}
        />
        {fileError ? (
          <p className="kern-error" id={`${id}-error`}>
            <span className="kern-icon kern-icon--danger" aria-hidden="true" />
            <span className="kern-body">{fileError}</span>
          </p>
        ) : null}
      </div>
      <div className="admin-table__actions">
        <button type="submit" className="kern-btn kern-btn--secondary" disabled={busy}><span className="kern-label">{T.check}</span></button>
        {result?.valid ? (
          <button type="button" className="kern-btn kern-btn--primary" disabled={busy} onClick={() => void send(false)}><span className="kern-label">{T.import}</span></button>
        ) : null}
      </div>
      {result ? (
        <section aria-labelledby={`${id}-result`} className="admin-section">
          <h4 id={`${id}-result`} className="kern-heading-small">{T.resultTitle}</h4>
          {result.valid ? <Alert tone="success" title={T.allValid(result.lines.length)} /> : <Alert tone="danger" title={T.someInvalid(bad)} />}
          <ResultTable lines={result.lines} />
        </section>
      ) : null}
    </form>
  );
}
