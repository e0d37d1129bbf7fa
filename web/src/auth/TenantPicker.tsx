import { useEffect, useState } from 'react';
import { Button, ComboBox, FieldError, Input, Label, ListBox, ListBoxItem, Popover, Text } from 'react-aria-components';
import { authApi } from '../api/endpoints';
import type { TenantOption } from '../api/types';
import { t } from '../i18n/de';

interface TenantPickerProps {
  id: string;
  value: TenantOption | null;
  onChange: (tenant: TenantOption | null) => void;
  error?: string;
}

/** Accessible combobox over the municipalities (searched on the server as the user types). */
export function TenantPicker({ id, value, onChange, error }: TenantPickerProps) {
  const [input, setInput] = useState(value?.name ?? '');
  const [items, setItems] = useState<TenantOption[]>(value ? [value] : []);

  useEffect(() => {
    const controller = new AbortController();
    const query = value && input === value.name ? '' : input;
    const timer = setTimeout(() => {
      authApi
        .tenants(query, controller.signal)
        .then((r) => setItems(r.items))
        .catch(() => {});
    }, 150);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [input, value]);

  const invalid = Boolean(error);
  return (
    <ComboBox
      id={id}
      className={`kern-form-input combobox${invalid ? ' kern-form-input--error' : ''}`}
      items={items}
      inputValue={input}
      onInputChange={setInput}
      selectedKey={value?.slug ?? null}
      onSelectionChange={(key) => {
        const picked = items.find((i) => i.slug === key) ?? null;
        onChange(picked);
        if (picked) setInput(picked.name);
      }}
      menuTrigger="focus"
      isInvalid={invalid}
      validationBehavior="aria"
      allowsEmptyCollection
    >
      <Label className="kern-label">{t.signIn.tenant}</Label>
      <Text slot="description" className="kern-hint">
        {t.signIn.tenantHint}
      </Text>
      <div className="combobox__field">
        <Input className={`kern-form-input__input${invalid ? ' kern-form-input__input--error' : ''}`} name="tenant" />
        <Button className="combobox__button" aria-label={t.signIn.tenant}>
          <span className="kern-icon kern-icon--arrow-down" aria-hidden="true" />
        </Button>
      </div>
      <FieldError className="kern-error">
        <span className="kern-icon kern-icon--danger" aria-hidden="true" />
        <span className="kern-body">{error}</span>
      </FieldError>
      <Popover className="popover" placement="bottom start">
        <ListBox<TenantOption> className="listbox" renderEmptyState={() => <p className="listbox__empty">{t.signIn.tenantNoResults}</p>}>
          {(item) => (
            <ListBoxItem id={item.slug} textValue={item.name} className="listbox__item">
              {item.name}
            </ListBoxItem>
          )}
        </ListBox>
      </Popover>
    </ComboBox>
  );
}
