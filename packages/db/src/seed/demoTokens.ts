import type { Db } from '../client';
import { organisations } from '../schema';
import { createToken, revokeDemoTokens } from '../tokens';
import type { Role } from '@fvm/domain';
import { and, eq } from 'drizzle-orm';

/** One demo user per role, at organisations that show what each role can and cannot do. */
const DEMO_USERS: { role: Role; organisationNumber?: string; municipalityCode?: string; name?: string }[] = [
  { role: 'regional_admin', organisationNumber: '2321000131' },
  { role: 'org_admin', municipalityCode: '1490' },
  { role: 'analyst', name: 'VästKom' },
  { role: 'log_reviewer', municipalityCode: '1480' },
  { role: 'integrator', municipalityCode: '1480' },
];

/**
 * While demo data is loaded, every start replaces the demo tokens with fresh ones: tokens are
 * stored only as hashes, so the way to show a working one is to make it.
 */
export function issueDemoTokens(db: Db): { role: Role; organisation: string; secret: string }[] {
  const hasDemo = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.isDemo, true)).limit(1).get();
  if (!hasDemo) return [];
  revokeDemoTokens(db);
  return DEMO_USERS.flatMap((u) => {
    const where = u.organisationNumber
      ? eq(organisations.organisationNumber, u.organisationNumber)
      : u.municipalityCode
        ? eq(organisations.municipalityCode, u.municipalityCode)
        : and(eq(organisations.name, u.name!), eq(organisations.isDemo, false));
    const org = db.select().from(organisations).where(where).get();
    if (!org) return [];
    const { secret } = createToken(db, { organisationId: org.id, role: u.role, label: `demo ${u.role}`, isDemo: true });
    return [{ role: u.role, organisation: org.name, secret }];
  });
}
