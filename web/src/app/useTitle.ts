import { useEffect } from 'react';
import { t } from '../i18n/de';

/** Sets the browser tab title (what screen readers announce first on a page change). */
export function useTitle(title: string | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} – ${t.app.name}` : t.app.name;
  }, [title]);
}
