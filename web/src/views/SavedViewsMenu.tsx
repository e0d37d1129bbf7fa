import { useCallback, useEffect, useState } from 'react';
import { Button, Header, Menu, MenuItem, MenuSection, MenuTrigger, Popover, Separator } from 'react-aria-components';
import { navigate } from '../app/router';
import { may, useMe } from '../auth/session';
import { t } from '../i18n/de';
import { viewsApi, type SavedView } from './api';
import { ManageViewsDialog } from './ManageViewsDialog';
import { SaveViewDialog } from './SaveViewDialog';
import './views.css';

/** "Ansichten": open a saved view with one click, save the current filters + sort, manage own views. */
export function SavedViewsMenu({ currentQuery }: { currentQuery: string }) {
  const mayShare = may(useMe(), 'view.share');
  const [views, setViews] = useState<SavedView[]>([]);
  const [failed, setFailed] = useState(false);
  const [dialog, setDialog] = useState<'save' | 'manage' | null>(null);

  const reload = useCallback(() => {
    viewsApi.list().then((r) => { setViews(r.items); setFailed(false); }, () => setFailed(true));
  }, []);
  useEffect(reload, [reload]);

  const own = views.filter((v) => v.own);
  const shared = views.filter((v) => !v.own);
  const onAction = (key: React.Key) => {
    if (key === 'save' || key === 'manage') return setDialog(key);
    const view = views.find((v) => v.id === key);
    if (view) navigate(view.query ? `/?${view.query}` : '/');
  };
  const item = (v: SavedView) => (
    <MenuItem key={v.id} id={v.id} className="menu__item" textValue={v.name}>
      <span className="kern-icon kern-icon--arrow-forward" aria-hidden="true" />
      {v.name}
      {v.shared ? <span className="muted"> {t.views.sharedMark}</span> : null}
    </MenuItem>
  );

  return (
    <div className="saved-views">
      <MenuTrigger>
        <Button className="kern-btn kern-btn--secondary">
          <span className="kern-icon kern-icon--checklist" aria-hidden="true" />
          <span className="kern-label">{t.views.menu}</span>
        </Button>
        <Popover className="popover" placement="bottom start">
          <Menu className="menu" aria-label={t.views.menuLabel} onAction={onAction}>
            <MenuSection aria-label={t.views.mine}>
              <Header className="menu__header">{t.views.mine}</Header>
              {own.length ? own.map(item) : <MenuItem id="none" className="menu__item" isDisabled>{failed ? t.views.loadFailed : t.views.none}</MenuItem>}
            </MenuSection>
            {shared.length ? (
              <MenuSection aria-label={t.views.shared}>
                <Header className="menu__header">{t.views.shared}</Header>
                {shared.map(item)}
              </MenuSection>
            ) : null}
            <Separator className="menu__separator" />
            <MenuSection aria-label={t.views.menuLabel}>
              <MenuItem id="save" className="menu__item">{t.views.saveCurrent}</MenuItem>
              {own.length ? <MenuItem id="manage" className="menu__item">{t.views.manage}</MenuItem> : null}
            </MenuSection>
          </Menu>
        </Popover>
      </MenuTrigger>
      {dialog === 'save' ? (
        <SaveViewDialog
          query={currentQuery}
          mayShare={mayShare}
          onClose={() => setDialog(null)}
          onSaved={() => { setDialog(null); reload(); }}
        />
      ) : null}
      {dialog === 'manage' ? <ManageViewsDialog views={views} mayShare={mayShare} onClose={() => setDialog(null)} onChanged={reload} /> : null}
    </div>
  );
}
