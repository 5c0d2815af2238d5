import { ORGANISATION_KIND_LABELS, type Label } from '@fvm/domain';
import type { ColumnSpec, EntityRow } from '../editing/entity';
import type { Lookups } from '../editing/lookups';
import type { FilterKind } from '../editing/filters';
import type { RefOption, ValueKind, Vocabulary } from '../editing/values';

export interface ApiOwned {
  id: string;
  version: number;
  owner: { id: string; name: string } | null;
}

/** The bookkeeping every registry row has, as an EntityRow. */
export function rowBase(n: ApiOwned): Pick<EntityRow, 'id' | 'version' | 'ownerId' | 'ownerName'> {
  return { id: n.id, version: n.version, ownerId: n.owner?.id ?? null, ownerName: n.owner?.name ?? null };
}

/** The filter each kind of typed value takes. */
const FILTER_OF = { text: 'text', longText: 'text', int: 'number', date: 'date', boolean: 'boolean', enum: 'enum' } as const satisfies Partial<
  Record<ValueKind, FilterKind>
>;
type Header = ColumnSpec['header'];

/**
 * An editable column filtered on its own field, as most registry columns are: its kind decides the
 * filter; `extra` says what sets it apart (required, order, width, a vocabulary…).
 */
export function editableColumn(kind: keyof typeof FILTER_OF, field: string, header: Header, extra: Partial<ColumnSpec> = {}): ColumnSpec {
  return { field, header, kind, editable: true, filter: { kind: FILTER_OF[kind], path: [field] }, ...extra };
}
export const textColumn = (field: string, header: Header, extra?: Partial<ColumnSpec>) => editableColumn('text', field, header, extra);
export const longTextColumn = (field: string, header: Header, extra?: Partial<ColumnSpec>) => editableColumn('longText', field, header, extra);
export const intColumn = (field: string, header: Header, extra?: Partial<ColumnSpec>) => editableColumn('int', field, header, extra);
export const dateColumn = (field: string, header: Header, extra?: Partial<ColumnSpec>) => editableColumn('date', field, header, extra);
export const booleanColumn = (field: string, header: Header, extra?: Partial<ColumnSpec>) => editableColumn('boolean', field, header, extra);

/** The Swedish name a registry row is known by (sorted on the server), and its English one; each as wide as its view needs. */
export const nameColumn = (extra: Partial<ColumnSpec>) => textColumn('name', (t) => t.colNameSv, { required: true, order: 'NAME', flex: 1, ...extra });
export const nameEnColumn = (extra: Partial<ColumnSpec>) => textColumn('nameEn', (t) => t.colNameEn, { required: true, flex: 1, ...extra });

/** When a row holds from and to, sorted on the server. */
export const validityColumns = (width: number): [ColumnSpec, ColumnSpec] => [
  dateColumn('validFrom', (t) => t.colValidFrom, { order: 'VALID_FROM', width }),
  dateColumn('validTo', (t) => t.colValidTo, { order: 'VALID_TO', width }),
];

/** An editable reference to another row, chosen from `options` and filtered by the other row's name (`relation`.name). */
export const refColumn = (field: string, header: Header, options: ColumnSpec['options'], relation: string, extra: Partial<ColumnSpec> = {}): ColumnSpec => ({
  field,
  header,
  kind: 'ref',
  options,
  editable: true,
  filter: { kind: 'text', path: [relation, 'name'] },
  ...extra,
});
/** The municipality a row is about. */
export const municipalityColumn = (extra?: Partial<ColumnSpec>) =>
  refColumn('municipalityId', (t) => t.colMunicipality, municipalityOptions, 'municipality', extra);
/** The information category a row is about. */
export const categoryColumn = (extra?: Partial<ColumnSpec>) => refColumn('categoryId', (t) => t.colCategory, categoryOptions, 'category', extra);

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
