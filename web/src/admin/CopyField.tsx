import { useId, useState } from 'react';
import { t } from '../i18n/de';

/** A read-only value (invite link, API key) with a copy button that confirms politely. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // No clipboard permission: select the text so Ctrl+C works.
      (document.getElementById(id) as HTMLInputElement | null)?.select();
      setCopied(false);
    }
  };
  return (
    <div className="kern-form-input copy-field">
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      <div className="copy-field__row">
        <input id={id} className="kern-form-input__input copy-field__input" readOnly value={value} onFocus={(e) => e.target.select()} />
        <button type="button" className="kern-btn kern-btn--secondary" onClick={() => void copy()}>
          <span className="kern-icon kern-icon--content-copy" aria-hidden="true" />
          <span className="kern-label">{t.admin.copy}</span>
        </button>
      </div>
      <p className="kern-body muted" role="status">
        {copied === true ? t.admin.copied : copied === false ? t.admin.copyManually : ''}
      </p>
    </div>
  );
}
