import { useId } from 'react';

interface CheckboxGroupProps {
  legend: string;
  hint?: string;
  options: { value: string; label: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  error?: string;
}

/** A KERN fieldset of checkboxes; the error sits below the group and is tied to it. */
export function CheckboxGroup({ legend, hint, options, value, onChange, error }: CheckboxGroupProps) {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const toggle = (option: string, checked: boolean) =>
    onChange(checked ? [...value, option] : value.filter((v) => v !== option));
  return (
    <fieldset
      className={`kern-fieldset checkbox-group${error ? ' kern-fieldset--error' : ''}`}
      aria-describedby={[hintId, errorId].filter(Boolean).join(' ') || undefined}
    >
      <legend className="kern-label">{legend}</legend>
      {hint ? (
        <p className="kern-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      <div className="kern-fieldset__body checkbox-group__body">
        {options.map((o) => (
          <div className="kern-form-check" key={o.value}>
            <input
              className={`kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}`}
              type="checkbox"
              id={`${id}-${o.value}`}
              checked={value.includes(o.value)}
              onChange={(e) => toggle(o.value, e.target.checked)}
            />
            <label className="kern-label" htmlFor={`${id}-${o.value}`}>
              {o.label}
            </label>
          </div>
        ))}
      </div>
      {error ? (
        <p className="kern-error" id={errorId}>
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <span className="kern-body">{error}</span>
        </p>
      ) : null}
    </fieldset>
  );
}
