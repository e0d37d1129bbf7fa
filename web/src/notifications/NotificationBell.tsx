import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, Header, Menu, MenuItem, MenuSection, MenuTrigger, Popover, Separator } from 'react-aria-components';
import { navigate } from '../app/router';
import { t } from '../i18n/de';
import { formatDateTime } from '../i18n/format';
import { useLiveEvents } from '../live/liveEvents';
import { notificationsApi, type AppNotification } from './api';
import './notifications.css';

const texts = t.notifications;

/**
 * The bell in the desk header: unread count as a badge (the button's name says it too), a menu of
 * the latest notifications (each opens its case and marks it read) and "alle als gelesen markieren".
 * Live: a 'notification' event on /api/live reloads it; a rise of the count is announced politely.
 */
export function NotificationBell() {
  const [items, setItems] = useState<AppNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [failed, setFailed] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const known = useRef<number | null>(null);

  const reload = useCallback(() => {
    notificationsApi.latest().then(
      (page) => {
        setItems(page.items);
        setUnread(page.unreadCount);
        setFailed(false);
        if (known.current !== null && page.unreadCount > known.current) setAnnouncement(texts.announce(page.unreadCount));
        known.current = page.unreadCount;
      },
      () => setFailed(true),
    );
  }, []);
  useEffect(reload, [reload]);
  useLiveEvents((m) => {
    if (m.type === 'notification' || m.type === 'reconnected') reload();
  });

  const onAction = (key: React.Key) => {
    if (key === 'read-all') {
      void notificationsApi.readAll().then(reload, () => setFailed(true));
      return;
    }
    const item = items.find((n) => n.id === key);
    if (!item) return;
    navigate(`/vorgaenge/${item.case.id}`);
    if (!item.readAt) void notificationsApi.read(item.id).then(reload, reload);
  };

  return (
    <>
      <MenuTrigger>
        <Button className="kern-btn kern-btn--tertiary notification-bell" aria-label={texts.button(unread)}>
          <svg className="notification-bell__icon" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">
            <path fill="currentColor" d="M12 22a2 2 0 0 0 2-2h-4a2 2 0 0 0 2 2Zm6-6V11c0-3.07-1.64-5.64-4.5-6.32V4a1.5 1.5 0 0 0-3 0v.68C7.63 5.36 6 7.92 6 11v5l-2 2v1h16v-1l-2-2Z" />
          </svg>
          {unread > 0 ? (
            <span className="notification-bell__badge" aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null}
        </Button>
        <Popover className="popover notification-popover" placement="bottom end">
          <Menu className="menu" aria-label={texts.title} onAction={onAction}>
            <MenuSection aria-label={texts.title}>
              <Header className="menu__header">
                <strong>{texts.title}</strong>
              </Header>
              {items.length ? (
                items.map((n) => (
                  <MenuItem key={n.id} id={n.id} className="menu__item notification-item" data-unread={n.readAt ? undefined : 'true'} textValue={texts.line(n.kind, n.case.caseNumber, n.case.title)}>
                    <span className="notification-item__text">
                      <span className={n.readAt ? undefined : 'notification-item__title'}>{texts.line(n.kind, n.case.caseNumber, n.case.title)}</span>
                      <span className="kern-body--small notification-item__meta">
                        {formatDateTime(n.createdAt)}
                        {n.readAt ? null : ` · ${texts.unread}`}
                      </span>
                    </span>
                  </MenuItem>
                ))
              ) : (
                <MenuItem id="none" className="menu__item" isDisabled>
                  {failed ? texts.loadFailed : texts.none}
                </MenuItem>
              )}
            </MenuSection>
            {unread > 0 ? (
              <>
                <Separator className="menu__separator" />
                <MenuSection aria-label={texts.readAll}>
                  <MenuItem id="read-all" className="menu__item">
                    <span className="kern-icon kern-icon--check" aria-hidden="true" />
                    {texts.readAll}
                  </MenuItem>
                </MenuSection>
              </>
            ) : null}
          </Menu>
        </Popover>
      </MenuTrigger>
      <span className="kern-sr-only" role="status" aria-live="polite">
        {announcement}
      </span>
    </>
  );
}
