import { useEffect, useState } from 'react';
import { lookupApi } from '../api/endpoints';
import type { Named, ServiceOption, UserOption } from '../api/types';

export interface Lookups {
  services: ServiceOption[];
  orgUnits: Named[];
  users: UserOption[];
}

const EMPTY: Lookups = { services: [], orgUnits: [], users: [] };
let cache: Promise<Lookups> | null = null;

async function loadAll(): Promise<Lookups> {
  const settle = async <T,>(p: Promise<{ items: T[] }>): Promise<T[]> => {
    try {
      return (await p).items;
    } catch {
      return [];
    }
  };
  const [services, orgUnits, users] = await Promise.all([
    settle(lookupApi.services()),
    settle(lookupApi.orgUnits()),
    settle(lookupApi.users()),
  ]);
  const byName = <T extends { name?: string; displayName?: string }>(a: T, b: T) =>
    (a.name ?? a.displayName ?? '').localeCompare(b.name ?? b.displayName ?? '', 'de');
  return { services: services.sort(byName), orgUnits: orgUnits.sort(byName), users: users.sort(byName) };
}

/** Services, org units and colleagues for filters and pickers; loaded once per page load. */
export function useLookups(): Lookups {
  const [value, setValue] = useState<Lookups>(EMPTY);
  useEffect(() => {
    let live = true;
    cache ??= loadAll();
    cache.then((v) => live && setValue(v)).catch(() => {});
    return () => {
      live = false;
    };
  }, []);
  return value;
}

export function resetLookups(): void {
  cache = null;
}
