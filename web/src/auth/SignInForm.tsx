import { useEffect, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { authApi } from '../api/endpoints';
import type { Me, TenantOption } from '../api/types';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { TextInput } from '../ui/TextInput';
import { TenantPicker } from './TenantPicker';

type Field = 'tenant' | 'email' | 'password';
type Errors = Partial<Record<Field | 'form', string>>;

interface SignInFormProps {
  idPrefix: string;
  initialTenant?: TenantOption | null;
  initialEmail?: string;
  lockTenant?: boolean;
  oidcEnabled?: boolean;
  onSignedIn: (me: Me) => void;
}

const LAST_TENANT_KEY = 'amtsdesk.lastTenant';

export function rememberedTenant(): TenantOption | null {
  try {
    const raw = localStorage.getItem(LAST_TENANT_KEY);
    return raw ? (JSON.parse(raw) as TenantOption) : null;
  } catch {
    return null;
  }
}

function validate(tenant: TenantOption | null, email: string, password: string): Errors {
  const errors: Errors = {};
  if (!tenant) errors.tenant = t.signIn.tenantRequired;
  if (!email.trim()) errors.email = t.signIn.emailRequired;
  else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim())) errors.email = t.signIn.emailInvalid;
  if (!password) errors.password = t.signIn.passwordRequired;
  return errors;
}

/** Local sign-in (and the OIDC button). Errors appear next to the field they concern. */
export function SignInForm({ idPrefix, initialTenant = null, initialEmail = '', lockTenant, oidcEnabled, onSignedIn }: SignInFormProps) {
  const [tenant, setTenant] = useState<TenantOption | null>(initialTenant);
  const [email, setEmail] = useState(initialEmail);
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusFirstError, setFocusFirstError] = useState(0);

  // Per municipality: its identity provider („Mit … anmelden“) and whether passwords are still allowed.
  const [options, setOptions] = useState<{ oidcProvider: string | null; passwordLogin: boolean } | null>(null);
  useEffect(() => {
    if (!tenant) return setOptions(null);
    const controller = new AbortController();
    authApi.signInOptions(tenant.slug, controller.signal).then(setOptions).catch(() => setOptions(null));
    return () => controller.abort();
  }, [tenant]);
  const provider = options ? options.oidcProvider : oidcEnabled ? t.signIn.oidc : null;
  const passwordLogin = options?.passwordLogin ?? true;

  useEffect(() => {
    if (!focusFirstError) return;
    formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [focusFirstError]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!passwordLogin) return startOidc();
    const found = validate(tenant, email, password);
    setErrors(found);
    if (Object.keys(found).length > 0 || !tenant) {
      setFocusFirstError((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      const me = await authApi.login({ tenant: tenant.slug, email: email.trim(), password });
      try {
        localStorage.setItem(LAST_TENANT_KEY, JSON.stringify(tenant));
      } catch {}
      onSignedIn(me);
    } catch (err) {
      if (isApiError(err)) {
        const field = err.field as Field | undefined;
        if (field === 'tenant' || field === 'email' || field === 'password') setErrors({ [field]: err.detail });
        else if (err.code === 'invalid_credentials') setErrors({ password: err.detail });
        else setErrors({ form: err.detail });
      } else setErrors({ form: t.app.unexpectedError });
      setPassword('');
      setFocusFirstError((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  const startOidc = () => {
    if (!tenant) {
      setErrors({ tenant: t.signIn.tenantRequired });
      setFocusFirstError((n) => n + 1);
      return;
    }
    window.location.assign(authApi.oidcStartUrl(tenant.slug));
  };

  return (
    <form ref={formRef} className="signin-form kern-stack-md" noValidate onSubmit={submit} aria-busy={busy}>
      {errors.form ? <Alert tone="danger" title={errors.form} /> : null}
      {lockTenant && tenant ? (
        <p className="kern-body">
          <strong>{t.signIn.tenant}:</strong> {tenant.name}
        </p>
      ) : (
        <TenantPicker id={`${idPrefix}-tenant`} value={tenant} onChange={setTenant} error={errors.tenant} />
      )}
      {passwordLogin ? (
        <>
          <TextInput label={t.signIn.email} type="email" name="email" autoComplete="username" value={email} onChange={setEmail} error={errors.email} />
          <TextInput
            label={t.signIn.password}
            type="password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={setPassword}
            error={errors.password}
          />
        </>
      ) : (
        <p className="kern-body">{t.staffOidc.passwordOff}</p>
      )}
      <div className="signin-form__actions">
        {passwordLogin ? (
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy}>
            <span className="kern-label">{busy ? t.signIn.submitting : t.signIn.submit}</span>
          </button>
        ) : null}
        {provider ? (
          <button type="button" className={`kern-btn ${passwordLogin ? 'kern-btn--secondary' : 'kern-btn--primary'}`} onClick={startOidc}>
            <span className="kern-label">{options?.oidcProvider ? t.staffOidc.signInWith(options.oidcProvider) : provider}</span>
          </button>
        ) : null}
      </div>
    </form>
  );
}
