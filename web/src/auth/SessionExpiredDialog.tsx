import type { Me } from '../api/types';
import { t } from '../i18n/de';
import { Modal } from '../ui/Modal';
import { SignInForm } from './SignInForm';

/** Shown over the current page when the session ran out; the page underneath keeps its state. */
export function SessionExpiredDialog({ me, onSignedIn }: { me: Me; onSignedIn: (me: Me) => void }) {
  return (
    <Modal title={t.signIn.expiredTitle} isOpen isDismissable={false} role="alertdialog">
      <p className="kern-body">{t.signIn.expiredText}</p>
      <SignInForm
        idPrefix="reauth"
        initialTenant={{ slug: me.tenant.slug, name: me.tenant.name }}
        initialEmail={me.user.email}
        lockTenant
        onSignedIn={onSignedIn}
      />
    </Modal>
  );
}
