import { validateLicence } from '@fvm/domain';
import type { EntityConfig } from '../editing/entity';
import { saveDocument } from '../editing/saveDocument';
import type { Lookups } from '../editing/lookups';
import { graphql, type ResultOf } from '../graphql';
import { municipalityColumn, organisationOptions, refColumn, rowBase, textColumn, validityColumns } from './shared';

export const LicenceFields = graphql(`
  fragment LicenceFields on Licence {
    id
    version
    modules
    validFrom
    validTo
    municipality {
      id
      name
    }
    provider {
      id
      name
    }
    owner {
      id
      name
    }
  }
`);

export const LicencesQuery = graphql(
  `
    query Licences($first: Int!, $after: String, $filter: LicenceFilter, $orderBy: [LicenceOrder!]) {
      licences(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
        totalCount
        pageInfo {
          endCursor
          hasNextPage
        }
        nodes {
          ...LicenceFields
        }
      }
    }
  `,
  [LicenceFields],
);

export const SaveLicencesMutation = saveDocument('Licences', LicenceFields);

type LicenceNode = ResultOf<typeof LicenceFields>;

export const licences: EntityConfig = {
  id: 'licences',
  typename: 'Licence',
  title: (t) => t.licencesTitle,
  intro: (t) => t.licencesIntro,
  list: LicencesQuery,
  connection: (d: ResultOf<typeof LicencesQuery>) => d.licences,
  save: SaveLicencesMutation,
  toRow: (n: LicenceNode) => ({
    ...rowBase(n),
    values: { municipalityId: n.municipality?.id ?? null, providerId: n.provider?.id ?? null, modules: n.modules, validFrom: n.validFrom, validTo: n.validTo },
    labels: { municipalityId: n.municipality?.name ?? '', providerId: n.provider?.name ?? '' },
    node: n,
  }),
  describe: (r) => r.labels.municipalityId ?? '',
  columns: [
    municipalityColumn({ width: 160 }),
    refColumn(
      'providerId',
      (t) => t.colProvider,
      (l) => organisationOptions(l, ['private_care_provider', 'independent_school']),
      'provider',
      { flex: 1.4, minWidth: 220 },
    ),
    textColumn('modules', (t) => t.colModules, { flex: 1, minWidth: 190 }),
    ...validityColumns(132),
  ],
  // validateLicence: a municipality grants it, to a private care provider that is not its own principal.
  validate: (v, { lookups }) => {
    const m = v.municipalityId as string | null;
    const p = v.providerId as string | null;
    // An id the lists do not know (typed text that named nothing) is the grid's finding, not the rule's.
    const municipality =
      m === null
        ? null
        : lookups.ready && !lookups.municipalities.some((x) => x.id === m)
          ? (orgFacts(lookups, m) ?? { kind: 'municipality' })
          : { kind: 'municipality' };
    const provider = p === null ? null : (orgFacts(lookups, p) ?? { kind: 'private_care_provider', ownPrincipal: false });
    return validateLicence(
      { validFrom: v.validFrom as string | null, validTo: v.validTo as string | null, modules: v.modules as string | null },
      municipality,
      provider,
    );
  },
};

function orgFacts(lookups: Lookups, id: string): { kind: string; ownPrincipal: boolean } | null {
  const o = lookups.organisations.find((x) => x.id === id);
  return o ? { kind: o.kind.toLowerCase(), ownPrincipal: o.ownPrincipal } : null;
}
