import { normaliseOrganisationNumber } from '@fvm/domain';
import type { Sqlite } from '../client';

/**
 * Source systems name organisations as they know them: an organisation number, an HSA-id, or
 * (for municipalities, whose numbers the registry may lack) a municipality code.
 */
export function organisationResolver(sqlite: Sqlite): (ref: string) => number | null {
  const rows = sqlite.prepare('SELECT id, organisation_number, hsa_id, municipality_code FROM organisations').all() as {
    id: number;
    organisation_number: string | null;
    hsa_id: string | null;
    municipality_code: string | null;
  }[];
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

export function categoryResolver(sqlite: Sqlite): (code: string) => number | null {
  const byCode = new Map((sqlite.prepare('SELECT id, code FROM information_categories').all() as { id: number; code: string }[]).map((r) => [r.code, r.id]));
  return (code) => byCode.get(code.trim()) ?? null;
}
