import type { Role } from '@fvm/domain';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { organisations } from '../schema';
import { createToken, revokeDemoTokens } from '../tokens';

/** One demo user per role, at organisations that show what each role can and cannot do. */
const DEMO_USERS: { role: Role; organisationNumber?: string; municipalityCode?: string; name?: string }[] = [
  { role: 'regional_admin', organisationNumber: '2321000131' },
  { role: 'org_admin', municipalityCode: '1490' },
  { role: 'analyst', name: 'VästKom' },
  { role: 'log_reviewer', municipalityCode: '1480' },
  { role: 'integrator', municipalityCode: '1480' },
];

export interface DemoUser {
  role: Role;
  organisationId: number;
  organisation: string;
}

function hasDemoData(db: Db): boolean {
  return !!db.select({ id: organisations.id }).from(organisations).where(eq(organisations.isDemo, true)).limit(1).get();
}

/** The demo users, while demo data is loaded (none otherwise). */
export function demoUsers(db: Db): DemoUser[] {
  if (!hasDemoData(db)) return [];
  return DEMO_USERS.flatMap((u) => {
    const where = u.organisationNumber
      ? eq(organisations.organisationNumber, u.organisationNumber)
      : u.municipalityCode
        ? eq(organisations.municipalityCode, u.municipalityCode)
        : and(eq(organisations.name, u.name!), eq(organisations.isDemo, false));
    const org = db.select().from(organisations).where(where).get();
    return org ? [{ role: u.role, organisationId: org.id, organisation: org.name }] : [];
  });
}

/** A fresh token for one demo user; null when there is no demo data (a real registry has no demo users). */
export function issueDemoToken(db: Db, role: Role, now = new Date()): string | null {
  const user = demoUsers(db).find((u) => u.role === role);
  return user ? createToken(db, { organisationId: user.organisationId, role, label: `demo ${role}`, isDemo: true, now }).secret : null;
}

/**
 * While demo data is loaded, every start replaces the demo tokens with fresh ones: tokens are
 * stored only as hashes, so the way to show a working one is to make it.
 */
export function issueDemoTokens(db: Db): { role: Role; organisation: string; secret: string }[] {
  const users = demoUsers(db);
  if (users.length === 0) return [];
  revokeDemoTokens(db);
  return users.map((u) => ({ role: u.role, organisation: u.organisation, secret: createToken(db, { organisationId: u.organisationId, role: u.role, label: `demo ${u.role}`, isDemo: true }).secret }));
}
