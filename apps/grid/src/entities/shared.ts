import { ORGANISATION_KIND_LABELS, type Label } from '@fvm/domain';
import type { ColumnSpec, EntityRow } from '../editing/entity';
import type { Lookups } from '../editing/lookups';
import type { RefOption, Vocabulary } from '../editing/values';

export interface ApiOwned {
  id: string;
  version: number;
  owner: { id: string; name: string } | null;
}

/** The bookkeeping every registry row has, as an EntityRow. */
export function rowBase(n: ApiOwned): Pick<EntityRow, 'id' | 'version' | 'ownerId' | 'ownerName'> {
  return { id: n.id, version: n.version, ownerId: n.owner?.id ?? null, ownerName: n.owner?.name ?? null };
}

/** The owning organisation: who may change the row (read-only; the server sets it). */
export const ownerColumn: ColumnSpec = {
  field: 'owner',
  header: (t) => t.colOwner,
  kind: 'computed',
  compute: (_v, row) => row.ownerName ?? '',
  // Filtered on the server by the owner's name (the API's owner: OrganisationFilter).
  filter: { kind: 'text', path: ['owner', 'name'] },
  width: 200,
};

/** A global ID for another type over the same row (the Agreement mutations answer with Agreement IDs; a processor agreement's list has ProcessorAgreement IDs). */
export function retype(id: string, typename: string): string {
  try {
    const decoded = atob(id);
    const colon = decoded.indexOf(':');
    return colon > 0 ? btoa(`${typename}:${decoded.slice(colon + 1)}`) : id;
  } catch {
    return id;
  }
}

const lower = (v: string | null | undefined) => (v == null ? null : v.toLowerCase());
export { lower };

export const organisationKind = (kind: string) => ORGANISATION_KIND_LABELS[kind.toLowerCase() as keyof typeof ORGANISATION_KIND_LABELS];

export const municipalityOptions = (l: Lookups): RefOption[] => l.municipalities.map((m) => ({ id: m.id, label: m.name }));
export const organisationOptions = (l: Lookups, kinds?: readonly string[]): RefOption[] =>
  l.organisations.filter((o) => !kinds || kinds.includes(o.kind.toLowerCase())).map((o) => ({ id: o.id, label: o.name }));
export const categoryOptions = (l: Lookups): RefOption[] => l.categories.map((c) => ({ id: c.id, label: c.name }));
export const procurementOptions = (l: Lookups): RefOption[] => l.procurements.map((p) => ({ id: p.id, label: p.name }));

/** A closed list from the domain's vocabularies. */
export function vocabulary<T extends string>(values: readonly T[], labels: Record<T, Label>): Vocabulary {
  return { values, labels };
}
