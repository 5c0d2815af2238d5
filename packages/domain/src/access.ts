// Who may change what. Pure: the write path asks these questions with rows it has already read,
// so the same answer can be shown in the grid before anything is sent.

import type { UserRole } from './vocabulary';

export type Role = UserRole;

export interface Viewer {
  tokenId: number;
  organisationId: number;
  role: Role;
}

export type WriteDecision = { allowed: true } | { allowed: false; code: string; message: string; messageSv: string };

const allowed: WriteDecision = { allowed: true };

/**
 * Only the owner organisation (through its org_admin) or a regional admin changes a registry row.
 * `ownerOrgId` is the owner before the change and, for a new row, the owner it would get; an
 * org_admin may neither touch another organisation's row nor hand its own row to someone else.
 */
export function decideRegistryWrite(viewer: Viewer | null, ownerOrgIds: readonly number[]): WriteDecision {
  if (!viewer) {
    return { allowed: false, code: 'auth.unauthenticated', message: 'Sign in with an API token to change the registry.', messageSv: 'Logga in med en API-token för att ändra i registret.' };
  }
  if (viewer.role === 'regional_admin') return allowed;
  if (viewer.role !== 'org_admin') {
    return {
      allowed: false,
      code: 'auth.role_cannot_write',
      message: `The role ${viewer.role} can read the registry but not change it.`,
      messageSv: `Rollen ${viewer.role} kan läsa registret men inte ändra det.`,
    };
  }
  if (ownerOrgIds.some((owner) => owner !== viewer.organisationId)) {
    return {
      allowed: false,
      code: 'auth.not_owner',
      message: 'Only the owning organisation or a regional admin may change this row.',
      messageSv: 'Bara ägarorganisationen eller en regional administratör får ändra raden.',
    };
  }
  return allowed;
}

export function isAuthenticated(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null;
}

/**
 * Which user log entries a viewer may read (patientdatalagen: only whom the law allows):
 * - log reviewers and organisation admins (a regional admin included, for its own organisation):
 *   entries about their organisation's data or made by their organisation's users, in full;
 * - analysts: every entry, with patient and user pseudonymised (patterns, not people);
 * - integrators: only what their organisation sent in.
 */
export type LogScope =
  | { kind: 'none' }
  | { kind: 'organisation'; organisationId: number }
  | { kind: 'pseudonymised' }
  | { kind: 'submitted_by'; organisationId: number };

export function userLogScope(viewer: Viewer | null): LogScope {
  if (!viewer) return { kind: 'none' };
  switch (viewer.role) {
    case 'log_reviewer':
    case 'org_admin':
    case 'regional_admin':
      return { kind: 'organisation', organisationId: viewer.organisationId };
    case 'analyst':
      return { kind: 'pseudonymised' };
    case 'integrator':
      return { kind: 'submitted_by', organisationId: viewer.organisationId };
  }
}

/** Who may append user log entries through the API: integrators (their own users' entries) and regional admins. */
export function mayAppendUserLogs(viewer: Viewer | null): boolean {
  return viewer?.role === 'integrator' || viewer?.role === 'regional_admin';
}
