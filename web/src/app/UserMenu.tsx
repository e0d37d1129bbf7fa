import { Button, Header, Menu, MenuItem, MenuSection, MenuTrigger, Popover } from 'react-aria-components';
import type { Me } from '../api/types';
import { t } from '../i18n/de';

/** The signed-in user's name as a menu button; the menu offers sign-out. */
export function UserMenu({ me, onSignOut }: { me: Me; onSignOut: () => void }) {
  return (
    <MenuTrigger>
      <Button className="kern-btn kern-btn--tertiary user-menu__button" aria-label={`${t.user.menu}: ${me.user.displayName}`}>
        <span className="kern-icon kern-icon--account-circle" aria-hidden="true" />
        <span className="kern-label">{me.user.displayName}</span>
      </Button>
      <Popover className="popover" placement="bottom end">
        <Menu className="menu" onAction={(key) => key === 'signout' && onSignOut()}>
          <MenuSection>
            <Header className="menu__header">
              <span className="kern-body--small">{t.user.signedInAs}</span>
              <strong>{me.user.email}</strong>
              <span className="kern-body--small">{me.tenant.name}</span>
            </Header>
            <MenuItem id="signout" className="menu__item">
              <span className="kern-icon kern-icon--logout" aria-hidden="true" />
              {t.user.signOut}
            </MenuItem>
          </MenuSection>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
