import type { Viewer } from '@fvm/domain';
import { sql } from 'drizzle-orm';

// What a viewer may read, as a relational-query `where`, so that it is part of the SQL of every
// root field, relation and node lookup rather than a filter applied to results afterwards.
// Without a token only the public reference data is readable: municipalities, their
// associations and the options. Signed-in users read the whole registry (its rows are not
// personal data); user logs bring their own rules.

type Where = Record<string, unknown>;

const PUBLIC: Record<string, Where> = {
  organisations: { kind: { in: ['municipality', 'municipal_association'] }, isDemo: false },
  options: { isDemo: false },
  optionLinks: { isDemo: false },
};

const NOTHING: Where = { RAW: () => sql`0` };

/** `undefined` means everything in the table is visible. */
export function visibleWhere(viewer: Viewer | null, table: string): Where | undefined {
  if (viewer) return undefined;
  return PUBLIC[table] ?? NOTHING;
}

export function andWhere(...parts: (Where | undefined)[]): Where | undefined {
  const present = parts.filter((p): p is Where => p !== undefined && Object.keys(p).length > 0);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return { AND: present };
}
