import type { IdentifierRow } from './repository.js';
import type { OrgUnitRef } from './service.js';
import type { Scheme } from './schemes.js';

export function presentIdentifier(row: IdentifierRow) {
  return { id: row.id, scheme: row.scheme as Scheme, value: row.value, orgUnitId: row.org_unit_id, createdAt: new Date(row.created_at).toISOString() };
}

export function presentList(list: { items: IdentifierRow[]; orgUnits: OrgUnitRef[] }) {
  return { items: list.items.map(presentIdentifier), orgUnits: list.orgUnits.map((u) => ({ id: u.id, name: u.name, shortCode: u.short_code })) };
}
