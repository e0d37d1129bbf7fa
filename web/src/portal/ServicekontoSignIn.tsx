import { useState } from 'react';
import type { TenantOption } from '../api/types';
import { TenantPicker } from '../auth/TenantPicker';
import { t } from '../i18n/de';
import { portalApi } from './api';

const p = t.portal;

/** Sign-in with a user-account service (BundID, BayernID, Servicekonto): pick the municipality, then leave for the provider. */
export function ServicekontoSignIn() {
  const [tenant, setTenant] = useState<TenantOption | null>(null);
  const [error, setError] = useState<string>();
  const start = () => {
    if (!tenant) {
      setError(p.oidcTenantRequired);
      document.querySelector<HTMLInputElement>('#portal-oidc-tenant input')?.focus();
      return;
    }
    window.location.assign(portalApi.oidcStartUrl(tenant.slug));
  };
  return (
    <section className="portal-form" aria-labelledby="portal-oidc-title">
      <h2 id="portal-oidc-title" className="kern-heading-medium portal-card__title">{p.oidcTitle}</h2>
      <p className="kern-body">{p.oidcIntro}</p>
      <TenantPicker
        id="portal-oidc-tenant"
        value={tenant}
        onChange={(picked) => {
          setTenant(picked);
          if (picked) setError(undefined);
        }}
        error={error}
      />
      <button type="button" className="kern-btn kern-btn--primary portal-form__submit" onClick={start}>
        <span className="kern-label">{p.oidcButton}</span>
      </button>
    </section>
  );
}
