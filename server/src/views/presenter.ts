import type { ViewRow } from './repository.js';

const iso = (value: Date | string) => new Date(value).toISOString();

/** A saved view as the API shows it; `own` tells the client whether it may offer rename and delete. */
export function presentView(row: ViewRow, viewerUserId: string) {
  return {
    id: row.id,
    name: row.name,
    query: row.query,
    shared: row.shared,
    own: row.owner_id === viewerUserId,
    owner: { id: row.owner_id, displayName: row.owner_name },
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
