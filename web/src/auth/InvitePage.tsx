import { useState, type FormEvent } from 'react';
import { isApiError } from '../api/client';
import { authApi } from '../api/endpoints';
import { navigate } from '../app/router';
import { useTitle } from '../app/useTitle';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { TextInput } from '../ui/TextInput';
import { useSession } from './session';
import { AuthLayout } from './AuthLayout';

type Errors = Partial<Record<'password' | 'repeat' | 'form', string>>;

/** The token travels in the URL fragment, so it never reaches a server log or a Referer header. */
function inviteToken(): string {
  return new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
}

/** /einladung#token=… — first sign-in of an invited person (also the new municipality's admin). */
export function InvitePage() {
  const { signedIn } = useSession();
  const [token] = useState(inviteToken);
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [errors, setErrors] = useState<Errors>(token ? {} : { form: t.invite.missingToken });
  const [busy, setBusy] = useState(false);
  useTitle(t.invite.title);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Errors = {};
    if (password.length < 12) found.password = t.invite.passwordTooShort;
    else if (password !== repeat) found.repeat = t.invite.mismatch;
    setErrors(found);
    if (Object.keys(found).length > 0 || !token) return;
    setBusy(true);
    try {
      const me = await authApi.acceptInvite({ token, password });
      // Drop the spent token from the address bar and history.
      window.history.replaceState(null, '', '/einladung');
      signedIn(me);
      navigate('/', { replace: true });
    } catch (err) {
      if (isApiError(err) && err.field === 'password') setErrors({ password: err.detail });
      else if (isApiError(err) && (err.status === 404 || err.field === 'token')) setErrors({ form: t.invite.invalid });
      else setErrors({ form: isApiError(err) ? err.detail : t.app.unexpectedError });
    } finally {
      setBusy(false);
    }
  };

  return (
    <AuthLayout title={t.invite.title} intro={t.invite.intro}>
      <form className="signin-form kern-stack-md" noValidate onSubmit={submit} aria-busy={busy}>
        {errors.form ? <Alert tone="danger" title={errors.form} /> : null}
        <p className="kern-body" id="invite-password-hint">{t.invite.passwordHint}</p>
        <TextInput label={t.invite.password} type="password" name="new-password" autoComplete="new-password" value={password} onChange={setPassword} error={errors.password} />
        <TextInput label={t.invite.repeat} type="password" name="repeat-password" autoComplete="new-password" value={repeat} onChange={setRepeat} error={errors.repeat} />
        <div className="signin-form__actions">
          <button type="submit" className="kern-btn kern-btn--primary" disabled={busy || !token}>
            <span className="kern-label">{busy ? t.invite.submitting : t.invite.submit}</span>
          </button>
          <a className="kern-link" href="/anmelden">{t.invite.toSignIn}</a>
        </div>
      </form>
    </AuthLayout>
  );
}
