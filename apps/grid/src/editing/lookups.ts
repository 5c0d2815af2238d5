import { useMemo } from 'react';
import { useQuery } from 'urql';
import { graphql, type ResultOf } from '../graphql';

/**
 * What reference columns choose from and what the domain rules need to know about it: the
 * organisations (a licence's provider: its kind, whether it is its own principal), the
 * municipalities (by their Municipality IDs), the information categories (their record kind sets
 * the legal minimum retention), the procurements (their term derives agreement end dates), the
 * options, and the services and agreements instructions and responsibilities point at. Small reference lists, read once per sign-in (urql caches them).
 */
export const GridLookupsQuery = graphql(`
  query GridLookups {
    organisations(first: 1000) {
      nodes {
        id
        name
        kind
        ownPrincipal
      }
    }
    municipalities(first: 100) {
      nodes {
        id
        name
      }
    }
    informationCategories(first: 1000, orderBy: [{ field: NAME }]) {
      nodes {
        id
        code
        name
        recordKind
      }
    }
    procurements(first: 100) {
      nodes {
        id
        name
        implementationCompletedOn
        termYears
        maxExtensionYears
        extensionYears
      }
    }
    options(first: 10) {
      nodes {
        id
        number
        name
        nameEn
      }
    }
    informationAssets(first: 1000) {
      nodes {
        id
        owner {
          id
          name
        }
        category {
          id
          name
          harmAssessmentRequired
        }
      }
    }
    services(first: 200) {
      nodes {
        id
        name
      }
    }
    processorAgreements(first: 1000) {
      nodes {
        id
        title
      }
    }
    jointControllerships(first: 1000) {
      nodes {
        id
        title
      }
    }
  }
`);

type Data = ResultOf<typeof GridLookupsQuery>;

export interface Lookups {
  ready: boolean;
  organisations: Data['organisations']['nodes'];
  municipalities: Data['municipalities']['nodes'];
  categories: Data['informationCategories']['nodes'];
  procurements: Data['procurements']['nodes'];
  options: Data['options']['nodes'];
  assets: Data['informationAssets']['nodes'];
  services: Data['services']['nodes'];
  processorAgreements: Data['processorAgreements']['nodes'];
  jointControllerships: Data['jointControllerships']['nodes'];
}

export const NO_LOOKUPS: Lookups = {
  ready: false,
  organisations: [],
  municipalities: [],
  categories: [],
  procurements: [],
  options: [],
  services: [],
  processorAgreements: [],
  jointControllerships: [],
  assets: [],
};

export function lookupsFrom(data: Data | undefined): Lookups {
  if (!data) return NO_LOOKUPS;
  return {
    ready: true,
    organisations: data.organisations.nodes,
    municipalities: data.municipalities.nodes,
    categories: data.informationCategories.nodes,
    procurements: data.procurements.nodes,
    options: data.options.nodes,
    assets: data.informationAssets.nodes,
    services: data.services.nodes,
    processorAgreements: data.processorAgreements.nodes,
    jointControllerships: data.jointControllerships.nodes,
  };
}

export function useLookups(): Lookups {
  const [{ data }] = useQuery({ query: GridLookupsQuery });
  return useMemo(() => lookupsFrom(data), [data]);
}
