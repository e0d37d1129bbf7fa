import { FieldError, Input, Label, Text, TextArea, TextField } from 'react-aria-components';
import type { Ref } from 'react';

interface TextInputProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  type?: 'text' | 'email' | 'password' | 'search';
  name?: string;
  autoComplete?: string;
  multiline?: boolean;
  isRequired?: boolean;
  inputRef?: Ref<HTMLInputElement>;
  textAreaRef?: Ref<HTMLTextAreaElement>;
  placeholder?: string;
  className?: string;
}

/** A labelled KERN text field; the error sits directly below the input and is tied to it. */
export function TextInput(props: TextInputProps) {
  const invalid = Boolean(props.error);
  const inputClass = `kern-form-input__input${invalid ? ' kern-form-input__input--error' : ''}`;
  return (
    <TextField
      className={`kern-form-input${invalid ? ' kern-form-input--error' : ''} ${props.className ?? ''}`}
      value={props.value}
      onChange={props.onChange}
      isInvalid={invalid}
      isRequired={props.isRequired}
      validationBehavior="aria"
      type={props.multiline ? undefined : props.type ?? 'text'}
      name={props.name}
      autoComplete={props.autoComplete}
    >
      <Label className="kern-label">{props.label}</Label>
      {props.hint ? (
        <Text slot="description" className="kern-hint">
          {props.hint}
        </Text>
      ) : null}
      {props.multiline ? (
        <TextArea ref={props.textAreaRef} className={`${inputClass} textarea`} rows={4} placeholder={props.placeholder} />
      ) : (
        <Input ref={props.inputRef} className={inputClass} placeholder={props.placeholder} />
      )}
      <FieldError className="kern-error">
        <span className="kern-icon kern-icon--danger" aria-hidden="true" />
        <span className="kern-body">{props.error}</span>
      </FieldError>
    </TextField>
  );
}
