import { Button, Header, Menu, MenuItem, MenuSection, MenuTrigger, Popover } from 'react-aria-components';
import { useState } from 'react';
import type { Me } from '../api/types';
import { PasswordDialog } from '../auth/PasswordDialog';
import { NoticeSettingsDialog } from '../deadlines/NoticeSettingsDialog';
import { t } from '../i18n/de';

/** The signed-in user's name as a menu button; the menu offers a password change and sign-out. */
export function UserMenu({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  const [changingPassword, setChangingPassword] = useState(false);
  const [notices, setNotices] = useState(false);
  return (
    <>
    <MenuTrigger>
      <Button className="kern-btn kern-btn--tertiary user-menu__button" aria-label={`${t.user.menu}: ${me.user.displayName}`}>
        <span className="kern-icon kern-icon--account-circle" aria-hidden="true" />
        <span className="kern-label">{me.user.displayName}</span>
      </Button>
      <Popover className="popover" placement="bottom end">
        <Menu className="menu" onAction={(key) => (key === 'signout' ? onSignOut() : key === 'notices' ? setNotices(true) : key === 'password' && setChangingPassword(true))}>
          <MenuSection>
            <Header className="menu__header">
              <span className="kern-body--small">{t.user.signedInAs}</span>
              <strong>{me.user.email}</strong>
              <span className="kern-body--small">{me.tenant.name}</span>
            </Header>
            <MenuItem id="password" className="menu__item">
              <span className="kern-icon kern-icon--edit" aria-hidden="true" />
              {t.user.changePassword}
            </MenuItem>
            <MenuItem id="notices" className="menu__item">
              <span className="kern-icon kern-icon--calendar-today" aria-hidden="true" />
              {t.deadlines.notices.menu}
            </MenuItem>
            <MenuItem id="signout" className="menu__item">
              <span className="kern-icon kern-icon--logout" aria-hidden="true" />
              {t.user.signOut}
            </MenuItem>
          </MenuSection>
        </Menu>
      </Popover>
    </MenuTrigger>
    <PasswordDialog isOpen={changingPassword} onClose={() => setChangingPassword(false)} />
    <NoticeSettingsDialog isOpen={notices} onClose={() => setNotices(false)} />
    </>
  );
}
