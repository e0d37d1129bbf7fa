import { Button, ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover } from 'react-aria-components';
import type { UserOption } from '../api/types';
import { t } from '../i18n/de';

interface UserPickerProps {
  users: UserOption[];
  value: string | null;
  onChange: (id: string | null) => void;
  error?: string;
}

/** Type-ahead list of colleagues (react-aria combobox, filtered in the browser). */
export function UserPicker({ users, value, onChange, error }: UserPickerProps) {
  const invalid = Boolean(error);
  return (
    <ComboBox
      className={`kern-form-input combobox${invalid ? ' kern-form-input--error' : ''}`}
      defaultItems={users}
      selectedKey={value}
      onSelectionChange={(key) => onChange(key === null ? null : String(key))}
      menuTrigger="focus"
      isInvalid={invalid}
      validationBehavior="aria"
    >
      <Label className="kern-label">{t.assign.user}</Label>
      <div className="combobox__field">
        <Input className={`kern-form-input__input${invalid ? ' kern-form-input__input--error' : ''}`} />
        <Button className="combobox__button" aria-label={t.assign.user}>
          <span className="kern-icon kern-icon--arrow-down" aria-hidden="true" />
        </Button>
      </div>
      <FieldError className="kern-error">
        <span className="kern-icon kern-icon--danger" aria-hidden="true" />
        <span className="kern-body">{error}</span>
      </FieldError>
      <Popover className="popover" placement="bottom start">
        <ListBox<UserOption> className="listbox">
          {(u) => (
            <ListBoxItem id={u.id} textValue={u.displayName} className="listbox__item">
              {u.displayName}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
