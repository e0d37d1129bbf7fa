import { useEffect, useId, useState, type Ref } from 'react';
import { t } from '../i18n/de';
import { isIsoDate, isoToGerman, parseGermanDate } from '../i18n/format';

interface DateFieldProps {
  label: string;
  /** yyyy-mm-dd, '' for none; while the typed text is no valid day, that text as typed. */
  value: string;
  /** Called with yyyy-mm-dd, '' (cleared) or the typed text when it is no valid day (see isIsoDate). */
  onChange: (value: string) => void;
  /** The caller's message (required, in the past, the server's refusal); wins over the field's own. */
  error?: string;
  isRequired?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  id?: string;
  /** Earliest and latest allowed day, yyyy-mm-dd. */
  min?: string;
  max?: string;
}

/**
 * A date typed as TT.MM.JJJJ, the same in every browser: a text field, not <input type="date">,
 * whose display follows the browser's language rather than the page's (decision 0010). Shows the
 * format as a hint, tells after leaving the field what is wrong, both tied to the input through
 * aria-describedby, and hands yyyy-mm-dd to the caller for the API.
 */
export function DateField({ label, value, onChange, error, isRequired, inputRef, id, min, max }: DateFieldProps) {
  const ownId = useId();
  const inputId = id ?? `date-${ownId}`;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const [text, setText] = useState(() => isoToGerman(value));
  const [touched, setTouched] = useState(false);

  // A value set from outside (loaded, reset, the URL) replaces the text; the echo of our own typing does not.
  useEffect(() => {
    setText((current) => {
      if (value === '') return parseGermanDate(current) ? '' : current;
      if (isIsoDate(value)) return parseGermanDate(current) === value ? current : isoToGerman(value);
      return current; // the echo of text that is no valid day yet
    });
  }, [value]);

  const parsed = parseGermanDate(text);
  let ownError: string | undefined;
  if (touched && text.trim() && !parsed) ownError = t.dateField.invalid;
  else if (parsed && min && parsed < min) ownError = t.dateField.tooEarly(isoToGerman(min));
  else if (parsed && max && parsed > max) ownError = t.dateField.tooLate(isoToGerman(max));
  const shown = error ?? ownError;

  return (
    <div className={`kern-form-input${shown ? ' kern-form-input--error' : ''}`}>
      <label className="kern-label" htmlFor={inputId}>
        {label}
      </label>
      <p className="kern-hint" id={hintId}>
        {t.dateField.hint}
      </p>
      <input
        id={inputId}
        ref={inputRef}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={t.dateField.placeholder}
        pattern="[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}"
        maxLength={10}
        className={`kern-form-input__input date-field${shown ? ' kern-form-input__input--error' : ''}`}
        value={text}
        aria-required={isRequired || undefined}
        aria-invalid={shown ? true : undefined}
        aria-describedby={shown ? `${hintId} ${errorId}` : hintId}
        onChange={(e) => {
          const typed = e.target.value;
          setText(typed);
          const iso = parseGermanDate(typed);
          onChange(typed.trim() === '' ? '' : iso ?? typed);
        }}
        onBlur={() => setTouched(true)}
      />
      {shown ? (
        <p className="kern-error" id={errorId}>
          <span className="kern-icon kern-icon--danger" aria-hidden="true" />
          <span className="kern-body">{shown}</span>
        </p>
      ) : null}
    </div>
  );
}
