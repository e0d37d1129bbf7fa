import type { ReactNode } from 'react';
import { Alert } from '../ui/Alert';

/**
 * The "add a new …" form under an admin table: a heading that names the form, the general error,
 * the fields side by side, and the submit button (disabled while the request runs).
 */
export function CreateForm({ id, title, submitLabel, busy, generalError, onSubmit, children, wrapFields = true }: {
  id: string;
  title: string;
  submitLabel: string;
  busy: boolean;
  generalError?: string;
  onSubmit: () => void;
  children: ReactNode;
  /** false when the fields need their own layout (e.g. a checkbox group below a text field). */
  wrapFields?: boolean;
}) {
  const headingId = `${id}-heading`;
  return (
    <form className="admin-create" aria-labelledby={headingId} noValidate onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
      <h3 id={headingId} className="kern-heading-small">{title}</h3>
      {generalError ? <Alert tone="danger" title={generalError} /> : null}
      {wrapFields ? <div className="admin-create__fields">{children}</div> : children}
      <div>
        <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
          <span className="kern-label">{submitLabel}</span>
        </button>
      </div>
    </form>
  );
}
