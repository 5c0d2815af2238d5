// The ownership rule, once: only the owner organisation (through its org admin) or a regional
// admin changes a registry row. The write path decides with it (access.ts), repeats it in its
// statements (changeableRows), and the grid offers editing by it (mayChangeOwnedRow), so the three
// cannot drift apart. Organisation ids are numbers on the server and global IDs in the grid: the
// rule only compares them.

import type { UserRole } from './vocabulary';

/** Who asks: a role and the organisation whose token it is. */
export interface Changer<Id> {
  role: UserRole;
  organisationId: Id;
}

/**
 * Writers of a table other than the general rule: a review item's finding is its data owner's log
 * reviewer's alone (no admin's); review runs are made by `startLogReviewRun`, never row by row.
 */
export interface TableWriters {
  roles: readonly UserRole[];
  regionalAdmin: boolean;
}

const SPECIAL_WRITERS: Readonly<Record<string, TableWriters>> = {
  logReviewItems: { roles: ['log_reviewer'], regionalAdmin: false },
  logReviewRuns: { roles: [], regionalAdmin: false },
};

/** The writers of `table` where they are not the general rule; undefined where they are. */
export function specialWriters(table: string): TableWriters | undefined {
  return SPECIAL_WRITERS[table];
}

/** Whether the role changes registry rows at all (otherwise editing is not offered). */
export function roleChangesRegistry(role: UserRole): boolean {
  return role === 'regional_admin' || role === 'org_admin';
}

/** Whether `viewer` may change a row owned by `ownerId` (null: an owner not known, e.g. a row not loaded). */
export function mayChangeOwnedRow<Id>(viewer: Changer<Id> | null, ownerId: Id | null, table?: string): boolean {
  const rows = changeableRows(viewer, table);
  return rows.kind === 'any' || (rows.kind === 'owner' && ownerId !== null && ownerId === rows.organisationId);
}

/** The rows a viewer may change, as a condition a write statement can repeat. */
export type ChangeableRows<Id> = { kind: 'any' } | { kind: 'owner'; organisationId: Id } | { kind: 'none' };

export function changeableRows<Id>(viewer: Changer<Id> | null, table?: string): ChangeableRows<Id> {
  if (!viewer) return { kind: 'none' };
  const special = table === undefined ? undefined : specialWriters(table);
  if (special) {
    if (viewer.role === 'regional_admin' && special.regionalAdmin) return { kind: 'any' };
    return special.roles.includes(viewer.role) ? { kind: 'owner', organisationId: viewer.organisationId } : { kind: 'none' };
  }
  if (viewer.role === 'regional_admin') return { kind: 'any' };
  return viewer.role === 'org_admin' ? { kind: 'owner', organisationId: viewer.organisationId } : { kind: 'none' };
}
