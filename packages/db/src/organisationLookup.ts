import { normaliseOrganisationNumber } from '@fvm/domain';
import { eq } from 'drizzle-orm';
import type { Db } from './client';
import { organisations } from './schema';

/** How operators name an organisation on the command line: a municipality code or an organisation number. */
export function findOrganisationByCodeOrNumber(db: Db, codeOrNumber: string) {
  const where = /^\d{4}$/.test(codeOrNumber)
    ? eq(organisations.municipalityCode, codeOrNumber)
    : eq(organisations.organisationNumber, normaliseOrganisationNumber(codeOrNumber) ?? codeOrNumber);
  return db.select().from(organisations).where(where).get();
}
