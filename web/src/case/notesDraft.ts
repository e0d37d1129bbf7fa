import { useEffect, useState } from 'react';

/**
 * A text draft kept in sessionStorage, so a note being written survives a failed save, an expired
 * session and even a reload of the tab; it is cleared once saved.
 */
export function useStoredDraft(key: string): [string, (value: string) => void] {
  const [value, setValue] = useState(() => {
    try {
      return sessionStorage.getItem(key) ?? '';
    } catch {
      return '';
    }
  });
  useEffect(() => {
    try {
      if (value) sessionStorage.setItem(key, value);
      else sessionStorage.removeItem(key);
    } catch {}
  }, [key, value]);
  return [value, setValue];
}
