import { normaliseOrganisationNumber, type UserLogLookups } from '@fvm/domain';
import type { Sqlite } from '../client';

/** The rows the resolvers work from: small tables, read once and handed to whoever resolves. */
export interface LookupTables {
  organisations: { id: number; organisation_number: string | null; hsa_id: string | null; municipality_code: string | null }[];
  categories: { id: number; code: string }[];
}

export function readLookupTables(sqlite: Sqlite): LookupTables {
  return {
    organisations: sqlite.prepare('SELECT id, organisation_number, hsa_id, municipality_code FROM organisations').all() as LookupTables['organisations'],
    categories: sqlite.prepare('SELECT id, code FROM information_categories').all() as LookupTables['categories'],
  };
}

/**
 * Source systems name organisations as they know them: an organisation number, an HSA-id, or
 * (for municipalities, whose numbers the registry may lack) a municipality code.
 */
function organisationResolverOf(rows: LookupTables['organisations']): (ref: string) => number | null {
  const byRef = new Map<string, number>();
  for (const r of rows) {
    if (r.organisation_number) byRef.set(r.organisation_number, r.id);
    if (r.hsa_id) byRef.set(r.hsa_id.toUpperCase(), r.id);
    if (r.municipality_code) byRef.set(r.municipality_code, r.id);
  }
  return (ref) => {
    const trimmed = ref.trim();
    return byRef.get(trimmed) ?? byRef.get(trimmed.toUpperCase()) ?? byRef.get(normaliseOrganisationNumber(trimmed) ?? '') ?? null;
  };
}

function categoryResolverOf(rows: LookupTables['categories']): (code: string) => number | null {
  const byCode = new Map(rows.map((r) => [r.code, r.id]));
  return (code) => byCode.get(code.trim()) ?? null;
}

/** The lookups entry validation needs, from the tables. */
export function userLogLookups(tables: LookupTables): UserLogLookups {
  return { organisation: organisationResolverOf(tables.organisations), category: categoryResolverOf(tables.categories) };
}
