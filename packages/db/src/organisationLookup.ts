import { normaliseOrganisationNumber } from '@fvm/domain';
import type { Db } from './client';
import type { OrganisationRow, RegistryQueries } from './stores/types';

// One relational query for both engines: SQLite answers it synchronously (`sync()`), PostgreSQL
// through a promise.
function byCodeOrNumber(codeOrNumber: string) {
  const where = /^\d{4}$/.test(codeOrNumber)
    ? { municipalityCode: codeOrNumber }
    : { organisationNumber: normaliseOrganisationNumber(codeOrNumber) ?? codeOrNumber };
  // A real organisation and its demo copy may share an organisation number: the first made wins, on either engine.
  return { where, orderBy: { id: 'asc' } } as const;
}

/** How operators name an organisation on the command line: a municipality code or an organisation number. */
export function findOrganisationByCodeOrNumber(db: Db, codeOrNumber: string): OrganisationRow | undefined {
  return db.query.organisations.findFirst(byCodeOrNumber(codeOrNumber)).sync();
}

/** findOrganisationByCodeOrNumber, on any engine. */
export async function organisationByCodeOrNumber(registry: RegistryQueries, codeOrNumber: string): Promise<OrganisationRow | null> {
  return (await registry.query.organisations.findFirst(byCodeOrNumber(codeOrNumber))) ?? null;
}

/** Every organisation and information category: the small tables pages of log entries name. */
export async function lookupRowsOf(registry: RegistryQueries) {
  const [organisations, categories] = await Promise.all([
    registry.query.organisations.findMany({ orderBy: { id: 'asc' } }),
    registry.query.informationCategories.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return { organisations, categories };
}
