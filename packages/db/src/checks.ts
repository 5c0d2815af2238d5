import { rowMatches, type RegistryFacts, type RowVisibility } from '@fvm/domain';
import type { Db } from './client';
import { settleAll, syncAll } from './relationalReads';
import type { RegistryQueries } from './stores/types';

// What the registry checks read; the registry is thousands of rows, read whole. With `visibility`,
// only the rows the viewer may see (a demo token's checks run over demo data alone). One set of
// relational queries for both engines, ordered by id so that both list the rows alike.

const byId = { id: 'asc' } as const;

function factQueries(registry: RegistryQueries) {
  const q = registry.query;
  return {
    organisations: q.organisations.findMany({ columns: { id: true, name: true, kind: true, ownPrincipal: true, isDemo: true }, orderBy: byId }),
    options: q.options.findMany({ columns: { id: true, number: true, isDemo: true }, orderBy: byId }),
    optionLinks: q.optionLinks.findMany({ columns: { optionId: true, linkedOptionId: true, isDemo: true }, orderBy: byId }),
    callOffs: q.callOffs.findMany({ orderBy: byId }),
    powersOfAttorney: q.powersOfAttorney.findMany({ orderBy: byId }),
    agreements: q.agreements.findMany({ orderBy: byId }),
    parties: q.agreementParties.findMany({ orderBy: byId }),
    agreementServices: q.agreementServices.findMany({ orderBy: byId }),
    services: q.services.findMany({ columns: { id: true, name: true, isDemo: true }, orderBy: byId }),
    licences: q.licences.findMany({ orderBy: byId }),
    assets: q.informationAssets.findMany({ orderBy: byId }),
    retentionRules: q.retentionRules.findMany({ orderBy: byId }),
    categories: q.informationCategories.findMany({ columns: { id: true, name: true, recordKind: true, isDemo: true }, orderBy: byId }),
  };
}

/** The table each fact's rows come from, as visibility names it. */
const TABLE_OF: Record<keyof ReturnType<typeof factQueries>, string> = {
  organisations: 'organisations',
  options: 'options',
  optionLinks: 'optionLinks',
  callOffs: 'callOffs',
  powersOfAttorney: 'powersOfAttorney',
  agreements: 'agreements',
  parties: 'agreementParties',
  agreementServices: 'agreementServices',
  services: 'services',
  licences: 'licences',
  assets: 'informationAssets',
  retentionRules: 'retentionRules',
  categories: 'informationCategories',
};

function visibleFacts<T extends Record<keyof typeof TABLE_OF, Record<string, unknown>[]>>(facts: T, visibility?: (table: string) => RowVisibility): T {
  const keep = (table: string, rows: Record<string, unknown>[]) => {
    const v = visibility?.(table);
    return !v || v.kind === 'all' ? rows : rows.filter((row) => rowMatches(v, row));
  };
  for (const key of Object.keys(TABLE_OF) as (keyof typeof TABLE_OF)[]) facts[key] = keep(TABLE_OF[key], facts[key]) as T[typeof key];
  return facts;
}

/** The registry's facts from SQLite, synchronously. */
export function loadRegistryFacts(db: Db, visibility?: (table: string) => RowVisibility): RegistryFacts {
  return visibleFacts(syncAll(factQueries(db)), visibility);
}

/** The registry's facts, on any engine. */
export async function readRegistryFacts(registry: RegistryQueries, visibility?: (table: string) => RowVisibility): Promise<RegistryFacts> {
  return visibleFacts(await settleAll(factQueries(registry)), visibility);
}
