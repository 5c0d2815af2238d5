// Who may change what. Pure: the write path asks these questions with rows it has already read,
// so the same answer can be shown in the grid before anything is sent.

import { changeableRows, roleChangesRegistry, specialWriters, type TableWriters } from './ownership';
import type { UserRole } from './vocabulary';

export type Role = UserRole;

export interface Viewer {
  tokenId: number;
  organisationId: number;
  role: Role;
  /** A demo token: it reads public reference data and demo rows, and changes demo rows only. */
  demoOnly?: boolean;
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
    return {
      allowed: false,
      code: 'auth.unauthenticated',
      message: 'Sign in with an API token to change the registry.',
      messageSv: 'Logga in med en API-token för att ändra i registret.',
    };
  }
  if (!roleChangesRegistry(viewer.role)) {
    return {
      allowed: false,
      code: 'auth.role_cannot_write',
      message: `The role ${viewer.role} can read the registry but not change it.`,
      messageSv: `Rollen ${viewer.role} kan läsa registret men inte ändra det.`,
    };
  }
  const rows = changeableRows(viewer);
  if (rows.kind !== 'any' && ownerOrgIds.some((owner) => rows.kind !== 'owner' || owner !== rows.organisationId)) {
    return {
      allowed: false,
      code: 'auth.not_owner',
      message: 'Only the owning organisation or a regional admin may change this row.',
      messageSv: 'Bara ägarorganisationen eller en regional administratör får ändra raden.',
    };
  }
  return allowed;
}

/**
 * A condition on a row: every named column holds one of the listed values. Declarative, so the
 * same rule becomes SQL for reads (packages/graphql) and is checked on rows the write path loaded.
 */
export type ColumnValue = string | number | boolean;
export type ColumnMatch = Readonly<Record<string, readonly ColumnValue[] | { readonly notIn: readonly ColumnValue[] }>>;

/** Whether one column's value meets a ColumnMatch's condition on it. */
export function columnMatches(condition: ColumnMatch[string], value: unknown): boolean {
  return Array.isArray(condition) ? condition.includes(value as never) : !(condition as { notIn: readonly ColumnValue[] }).notIn.includes(value as never);
}

/** Which rows of a table a viewer may see: every row, or those that match any of the conditions (none when empty). */
export type RowVisibility = { kind: 'all' } | { kind: 'some'; anyOf: readonly ColumnMatch[] };

/** What anyone may read without a token: municipalities, their associations and the options (reference data). */
const PUBLIC_REFERENCE: Readonly<Record<string, ColumnMatch>> = {
  organisations: { kind: ['municipality', 'municipal_association'], isDemo: [false] },
  options: { isDemo: [false] },
  optionLinks: { isDemo: [false] },
};

/** Demo rows: every registry table (and the change history) marks them with isDemo. */
const DEMO_ROWS: ColumnMatch = { isDemo: [true] };

/**
 * The reference data the demo rows stand on, which a demo token reads besides the public data:
 * demo call-offs are made under the real procurement and need the municipalities' powers of
 * attorney, demo retention rules and assets name the real information categories and services,
 * and the demo users work at VGR and VästKom. These are registry-wide facts from the seeds, not
 * any organisation's own records; agreements, licences, call-offs and everything else real stay
 * hidden. Read only: a demo token changes demo rows alone.
 */
const DEMO_REFERENCE: Readonly<Record<string, ColumnMatch>> = {
  organisations: { kind: ['region', 'collaboration_body'], isDemo: [false] },
  procurements: { isDemo: [false] },
  powersOfAttorney: { isDemo: [false] },
  services: { isDemo: [false] },
  informationCategories: { isDemo: [false] },
  // VästKom's yearly follow-up and the FVM project's status reports are published on VästKom's
  // web site: public facts about the collaboration, not any organisation's own records.
  followUpGoals: { isDemo: [false] },
  followUpStatusReports: { isDemo: [false] },
};

/**
 * The one visibility rule, for reads and writes alike (`table` is the registry table's name in the
 * schema, e.g. 'callOffs'). Without a token: public reference data. A demo token: that, the
 * reference data demo rows stand on, and demo rows. Any other token: the whole registry (its rows
 * are not personal data; user logs have their own scope below).
 */
export function registryVisibility(viewer: Viewer | null, table: string): RowVisibility {
  const confidential = confidentialVisibility(viewer, table);
  if (confidential) return confidential;
  if (viewer && !viewer.demoOnly) return { kind: 'all' };
  const demo = viewer?.demoOnly ? [DEMO_REFERENCE[table], DEMO_ROWS] : [];
  return { kind: 'some', anyOf: [PUBLIC_REFERENCE[table], ...demo].filter((m): m is ColumnMatch => m !== undefined) };
}

/** Whether a row (as the write path loaded it) is visible under a visibility. */
export function rowMatches(visibility: RowVisibility, row: Readonly<Record<string, unknown>>): boolean {
  if (visibility.kind === 'all') return true;
  return visibility.anyOf.some((match) => Object.entries(match).every(([column, condition]) => columnMatches(condition, row[column])));
}

/**
 * Log review items (and their history) are findings about named users' accesses to patients:
 * only the data owner's log reviewers see them (patientdatalagen 4 kap. 3 §). Everyone else, a
 * regional admin included, sees no item and no change to one; analysts see the statistics.
 */
const CONFIDENTIAL_ENTITIES: Readonly<Record<string, string>> = { logReviewItems: 'LogReviewItem' };

function confidentialVisibility(viewer: Viewer | null, table: string): RowVisibility | null {
  const reviewerOf = (extra: ColumnMatch = {}): ColumnMatch[] =>
    viewer?.role === 'log_reviewer' ? [{ ownerOrgId: [viewer.organisationId], ...(viewer.demoOnly ? { isDemo: [true] } : {}), ...extra }] : [];
  if (table in CONFIDENTIAL_ENTITIES) return { kind: 'some', anyOf: reviewerOf() };
  if (table === 'changes' && viewer && !viewer.demoOnly) {
    const names = Object.values(CONFIDENTIAL_ENTITIES);
    return { kind: 'some', anyOf: [{ entity: { notIn: names } }, ...reviewerOf({ entity: names })] };
  }
  if (table === 'changes' && viewer?.demoOnly) {
    const names = Object.values(CONFIDENTIAL_ENTITIES);
    return { kind: 'some', anyOf: [{ entity: { notIn: names }, isDemo: [true] }, ...reviewerOf({ entity: names })] };
  }
  return null;
}

/** Whether a viewer may start a log review run or record findings for the data of an owner. */
export function mayReviewLogsOf(viewer: Viewer | null, dataOwnerId: number): boolean {
  return viewer?.role === 'log_reviewer' && viewer.organisationId === dataOwnerId;
}

/**
 * Whether a viewer may count what an owner's log review would select (counts per rule, no
 * entries): its log reviewers, and its org admins, who set the routines the counts help tune.
 */
export function mayPreviewLogReviewOf(viewer: Viewer | null, dataOwnerId: number): boolean {
  return mayReviewLogsOf(viewer, dataOwnerId) || (viewer?.role === 'org_admin' && viewer.organisationId === dataOwnerId);
}

/** The write path's answer for one existing or new row. `hidden` must be answered exactly as a missing row. */
export type RowWriteDecision = { kind: 'hidden' } | { kind: 'decided'; decision: WriteDecision };

export interface RowFacts {
  ownerOrgId: number;
  isDemo: boolean;
  [column: string]: unknown;
}

/**
 * Everything the write path asks about one row, in order: may the viewer see it at all (if not,
 * it does not exist for them), may the viewer change rows of this owner, and, for a demo token,
 * is it demo data (a demo token changes demo rows only; new rows it creates are demo rows, see
 * `createsDemoRows`). `before` is null for a new row.
 */
export function decideRowWrite(viewer: Viewer | null, table: string, before: RowFacts | null, after: RowFacts): RowWriteDecision {
  if (before && !rowMatches(registryVisibility(viewer, table), before)) return { kind: 'hidden' };
  const owners = before ? [before.ownerOrgId, after.ownerOrgId] : [after.ownerOrgId];
  const writers = specialWriters(table);
  const decision = writers ? decideSpecialWrite(viewer, table, writers, owners) : decideRegistryWrite(viewer, owners);
  if (!decision.allowed) return { kind: 'decided', decision };
  if (viewer?.demoOnly && (!after.isDemo || (before && !before.isDemo))) {
    return {
      kind: 'decided',
      decision: {
        allowed: false,
        code: 'auth.demo_only',
        message: 'A demo token changes demo data only; this row is not demo data.',
        messageSv: 'En demotoken ändrar bara demodata; raden är inte demodata.',
      },
    };
  }
  return { kind: 'decided', decision: allowed };
}

function decideSpecialWrite(viewer: Viewer | null, table: string, writers: TableWriters, ownerOrgIds: readonly number[]): WriteDecision {
  if (!viewer) return decideRegistryWrite(viewer, ownerOrgIds);
  const rows = changeableRows(viewer, table);
  if (rows.kind === 'any') return allowed;
  if (rows.kind === 'none') {
    return {
      allowed: false,
      code: 'auth.role_cannot_write',
      message: writers.roles.length ? `Only the data owner’s ${writers.roles.join(' or ')} may change these rows.` : 'These rows are not changed row by row.',
      messageSv: writers.roles.length
        ? `Bara informationsägarens ${writers.roles.join(' eller ')} får ändra dessa rader.`
        : 'Dessa rader ändras inte rad för rad.',
    };
  }
  if (ownerOrgIds.some((owner) => owner !== rows.organisationId)) {
    return {
      allowed: false,
      code: 'auth.not_owner',
      message: 'Only the owning organisation may change this row.',
      messageSv: 'Bara ägarorganisationen får ändra raden.',
    };
  }
  return allowed;
}

/** Rows a demo token creates are demo rows: removed with the demo data, never mixed with real data. */
export function createsDemoRows(viewer: Viewer | null): boolean {
  return viewer?.demoOnly === true;
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
export type LogScope = (
  { kind: 'none' } | { kind: 'organisation'; organisationId: number } | { kind: 'pseudonymised' } | { kind: 'submitted_by'; organisationId: number }
) & {
  /** A demo token reads demo entries only (is_demo = 1), whatever its role allows besides. */
  demoOnly?: boolean;
};

export function userLogScope(viewer: Viewer | null): LogScope {
  if (!viewer) return { kind: 'none' };
  const demo = viewer.demoOnly ? { demoOnly: true } : {};
  switch (viewer.role) {
    case 'log_reviewer':
    case 'org_admin':
    case 'regional_admin':
      return { kind: 'organisation', organisationId: viewer.organisationId, ...demo };
    case 'analyst':
      return { kind: 'pseudonymised', ...demo };
    case 'integrator':
      return { kind: 'submitted_by', organisationId: viewer.organisationId, ...demo };
  }
}

/** Whether a viewer may see a user-log chain (verification, checkpoints): a demo token only demo chains. */
export function mayReadLogChain(viewer: Viewer | null, chain: { dataOwnerId: number; isDemo: boolean }): boolean {
  if (!viewer) return false;
  if (viewer.demoOnly && !chain.isDemo) return false;
  return viewer.role === 'regional_admin' || (viewer.role === 'log_reviewer' && chain.dataOwnerId === viewer.organisationId);
}

/**
 * Who may append user log entries through the API: integrators (their own users' entries) and
 * regional admins. What a demo token appends is stored as demo entries (`createsDemoRows`).
 */
export function mayAppendUserLogs(viewer: Viewer | null): boolean {
  return viewer?.role === 'integrator' || viewer?.role === 'regional_admin';
}

/** How long a token lasts when nothing else is said (FVM_TOKEN_DAYS overrides it). */
export const DEFAULT_TOKEN_DAYS = 90;
/** A demo token lasts at most a day: demo sign-in hands them out to anyone who asks. */
export const DEMO_TOKEN_MAX_MS = 86_400_000;

/**
 * When a new token expires (milliseconds since the epoch): at `untilMs` if given, else after `days`
 * (default `defaultDays`); a demo token never later than a day from now. Answers an error message
 * for an expiry that is not in the future.
 */
export function tokenExpiry(
  nowMs: number,
  request: { isDemo?: boolean; untilMs?: number | null; days?: number | null; defaultDays?: number },
): { expiresMs: number } | { error: string } {
  const days = request.days ?? request.defaultDays ?? DEFAULT_TOKEN_DAYS;
  if (request.untilMs == null && !(Number.isFinite(days) && days > 0)) return { error: `A token must last a positive number of days; got ${days}.` };
  const asked = request.untilMs ?? nowMs + days * 86_400_000;
  if (!Number.isFinite(asked)) return { error: 'The expiry is not a valid date.' };
  if (asked <= nowMs) return { error: 'The expiry is not in the future.' };
  return { expiresMs: request.isDemo ? Math.min(asked, nowMs + DEMO_TOKEN_MAX_MS) : asked };
}
