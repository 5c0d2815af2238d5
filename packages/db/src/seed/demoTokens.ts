import type { Role } from '@fvm/domain';
import type { Db } from '../client';
import type { RegistryQueries } from '../stores/types';
import { createToken, revokeDemoTokens, type CreateTokenInput } from '../tokens';

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

// The same relational queries serve both engines: SQLite answers them synchronously (`sync()`),
// PostgreSQL through a promise. Ordered by id, so that both pick the same row.
const anyDemoRow = { where: { isDemo: true }, columns: { id: true } } as const;
const organisationOf = (u: (typeof DEMO_USERS)[number]) =>
  ({
    where: u.organisationNumber
      ? { organisationNumber: u.organisationNumber }
      : u.municipalityCode
        ? { municipalityCode: u.municipalityCode }
        : { name: u.name!, isDemo: false },
    orderBy: { id: 'asc' },
  }) as const;
const demoUser = (role: Role, org: { id: number; name: string } | undefined): DemoUser[] =>
  org ? [{ role, organisationId: org.id, organisation: org.name }] : [];

/** The demo users, while demo data is loaded (none otherwise). */
export function demoUsers(db: Db): DemoUser[] {
  if (!db.query.organisations.findFirst(anyDemoRow).sync()) return [];
  return DEMO_USERS.flatMap((u) => demoUser(u.role, db.query.organisations.findFirst(organisationOf(u)).sync()));
}

/** A fresh token for one demo user; null when there is no demo data (a real registry has no demo users). */
export function issueDemoToken(db: Db, role: Role, now = new Date()): string | null {
  const user = demoUsers(db).find((u) => u.role === role);
  return user ? createToken(db, demoTokenInput(user, now)).secret : null;
}

/**
 * While demo data is loaded, every start replaces the demo tokens with fresh ones: tokens are
 * stored only as hashes, so the way to show a working one is to make it.
 */
export function issueDemoTokens(db: Db): { role: Role; organisation: string; secret: string }[] {
  const users = demoUsers(db);
  if (users.length === 0) return [];
  revokeDemoTokens(db);
  return users.map((u) => ({ role: u.role, organisation: u.organisation, secret: createToken(db, demoTokenInput(u)).secret }));
}

const demoTokenInput = (user: DemoUser, now?: Date): CreateTokenInput => ({
  organisationId: user.organisationId,
  role: user.role,
  label: `demo ${user.role}`,
  isDemo: true,
  ...(now ? { now } : {}),
});

/** How an engine without synchronous statements makes and revokes tokens. */
export interface DemoTokenWrites {
  create(input: CreateTokenInput): Promise<{ secret: string }>;
  revokeDemo(): Promise<void>;
}

/** demoUsers, on any engine. */
export async function demoUsersOf(registry: RegistryQueries): Promise<DemoUser[]> {
  if (!(await registry.query.organisations.findFirst(anyDemoRow))) return [];
  const found = await Promise.all(DEMO_USERS.map(async (u) => demoUser(u.role, await registry.query.organisations.findFirst(organisationOf(u)))));
  return found.flat();
}

/** issueDemoToken, on any engine. */
export async function issueDemoTokenWith(registry: RegistryQueries, tokens: DemoTokenWrites, role: Role, now = new Date()): Promise<string | null> {
  const user = (await demoUsersOf(registry)).find((u) => u.role === role);
  return user ? (await tokens.create(demoTokenInput(user, now))).secret : null;
}

/** issueDemoTokens, on any engine. */
export async function issueDemoTokensWith(registry: RegistryQueries, tokens: DemoTokenWrites): Promise<{ role: Role; organisation: string; secret: string }[]> {
  const users = await demoUsersOf(registry);
  if (users.length === 0) return [];
  await tokens.revokeDemo();
  const issued = [];
  for (const u of users) issued.push({ role: u.role, organisation: u.organisation, secret: (await tokens.create(demoTokenInput(u))).secret });
  return issued;
}
