import { registryVisibility, type ColumnMatch, type Viewer } from '@fvm/domain';
import { sql } from 'drizzle-orm';

// What a viewer may read, as a relational-query `where`, so that it is part of the SQL of every
// root field, relation and node lookup rather than a filter applied to results afterwards. The
// rule itself (who sees which rows of which table) is the domain's `registryVisibility`, the same
// one the write path asks, so reads and writes cannot disagree on what exists for a viewer.

type Where = Record<string, unknown>;

// `false` rather than `0`: a boolean on PostgreSQL, and SQLite (3.23 on) reads it as 0.
const NOTHING: Where = { RAW: () => sql`false` };

function matchWhere(match: ColumnMatch): Where {
  return Object.fromEntries(
    Object.entries(match).map(([column, condition]) => {
      if (!Array.isArray(condition)) return [column, { notIn: (condition as { notIn: readonly unknown[] }).notIn }];
      return [column, condition.length === 1 ? { eq: condition[0] } : { in: condition }];
    }),
  );
}

/** `undefined` means everything in the table is visible. */
export function visibleWhere(viewer: Viewer | null, table: string): Where | undefined {
  const visibility = registryVisibility(viewer, table);
  if (visibility.kind === 'all') return undefined;
  const [first, ...more] = visibility.anyOf;
  if (!first) return NOTHING;
  return more.length ? { OR: visibility.anyOf.map(matchWhere) } : matchWhere(first);
}

export function andWhere(...parts: (Where | undefined)[]): Where | undefined {
  const present = parts.filter((p): p is Where => p !== undefined && Object.keys(p).length > 0);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return { AND: present };
}
