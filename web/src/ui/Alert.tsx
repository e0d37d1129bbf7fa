import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning' | 'danger';

/** KERN alert. Errors and warnings are announced (role=alert), confirmations politely (status). */
export function Alert({ tone, title, children, id }: { tone: Tone; title: string; children?: ReactNode; id?: string }) {
  const live = tone === 'danger' || tone === 'warning';
  return (
    <div className={`kern-alert kern-alert--${tone}`} role={live ? 'alert' : 'status'} id={id}>
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${tone}`} aria-hidden="true" />
        <span className="kern-title">{title}</span>
      </div>
      {children ? <div className="kern-alert__body">{children}</div> : null}
    </div>
  );
}

/** KERN inline field error. */
export function FieldErrorText({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p className="kern-error" id={id}>
      <span className="kern-icon kern-icon--danger" aria-hidden="true" />
      <span className="kern-body">{children}</span>
    </p>
  );
}
