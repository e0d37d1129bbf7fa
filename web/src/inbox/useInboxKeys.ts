import { useEffect, type RefObject } from 'react';

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/**
 * Inbox shortcuts: "/" jumps into the search, j/k move the focus (and thus the selection) to the
 * next/previous case row; Enter on a focused row opens it (handled by the grid).
 */
export function useInboxKeys(searchRef: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      if (e.key === '/') {
        e.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
        return;
      }
      if (e.key !== 'j' && e.key !== 'k') return;
      const rows = Array.from(document.querySelectorAll<HTMLElement>('.inbox-table tr.inbox-row'));
      if (rows.length === 0) return;
      e.preventDefault();
      const current = rows.findIndex((r) => r.contains(document.activeElement));
      const next = current < 0 ? 0 : Math.min(rows.length - 1, Math.max(0, current + (e.key === 'j' ? 1 : -1)));
      rows[next]!.focus();
      rows[next]!.scrollIntoView({ block: 'nearest' });
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [searchRef]);
}
