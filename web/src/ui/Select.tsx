import { useId } from 'react';

interface SelectProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: { value: string; label: string }[];
  error?: string;
  className?: string;
}

/** A native select in KERN styling: the most robust choice for a short list. */
export function Select({ label, value, onChange, options, error, className }: SelectProps) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`kern-form-input${error ? ' kern-form-input--error' : ''} ${className ?? ''}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      <div className="kern-form-input__select-wrapper">
        <select
          id={id}
          className={`kern-form-input__select${error ? ' kern-form-input__select--error' : ''}`}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
      {error ? (
        <p className="kern-error" id={errorId}>
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <span className="kern-body">{error}</span>
        </p>
      ) : null}
    </div>
  );
}
