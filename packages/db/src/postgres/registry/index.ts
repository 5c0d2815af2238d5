import { readRegistryFacts } from '../../checks';
import { lookupRowsOf, organisationByCodeOrNumber } from '../../organisationLookup';
import { demoUsersOf, issueDemoTokensWith, issueDemoTokenWith, type DemoTokenWrites } from '../../seed/demoTokens';
import type { CheckStore, OrganisationStore, RegistryQueries, Stores, TokenStore } from '../../stores/types';
import type { PgPool } from '../pool';
import { logReviewFactsPg, notPermittedLogActionsPg } from './checks';
import { pgRegistryDb } from './db';
import { createTokenPg, listTokensPg, revokeDemoTokensPg, revokeTokenPg, viewerForTokenPg } from './tokens';

export { pgRegistryDb, pgRelations, type PgRegistryDb, type PgRelations } from './db';

/**
 * What the registry's reads need on PostgreSQL, for the full PostgreSQL stores: the relational
 * reads the GraphQL schema runs, the organisation lookups, the tokens and the checks.
 */
export function pgRegistryStores(pool: PgPool): Pick<Stores, 'registry' | 'organisations' | 'tokens' | 'checks'> {
  const registry = registryQueriesOf(pool);
  const demoTokens: DemoTokenWrites = { create: (input) => createTokenPg(pool, input), revokeDemo: () => revokeDemoTokensPg(pool) };
  const organisations: OrganisationStore = {
    findByCodeOrNumber: (codeOrNumber) => organisationByCodeOrNumber(registry, codeOrNumber),
    lookupRows: () => lookupRowsOf(registry),
  };
  const tokens: TokenStore = {
    viewerFor: (secret, now) => viewerForTokenPg(pool, secret, now),
    create: (input) => createTokenPg(pool, input),
    list: () => listTokensPg(pool),
    revoke: (reference, now) => revokeTokenPg(pool, reference, now),
    demoUsers: () => demoUsersOf(registry),
    issueDemoToken: (role, now) => issueDemoTokenWith(registry, demoTokens, role, now),
    issueDemoTokens: () => issueDemoTokensWith(registry, demoTokens),
  };
  const checks: CheckStore = {
    registryFacts: async (visibility, nowMs) => ({
      ...(await readRegistryFacts(registry, visibility)),
      logReview: await logReviewFactsPg(pool, nowMs, visibility),
    }),
    notPermittedLogActions: (scope) => notPermittedLogActionsPg(pool, scope),
  };
  return { registry, organisations, tokens, checks };
}

/**
 * The one cast at the seam. `RegistryQueries` is typed as the SQLite client's, because the Pothos
 * builder is built once, over the SQLite relations, and types its client by them. The PostgreSQL
 * client's relations come from the same definition (../../relations.ts: the same tables, column
 * keys, relation names and targets; packages/db/test/registryRelations.test.ts), so its `query`, `$count` and
 * `select` take and answer the same shapes; only the table classes in the types differ (PgTable for
 * SQLiteTable). What the types cannot say, test/integration/registryGraphqlPostgres.test.ts shows:
 * the schema's queries answer alike on both engines. Nothing may call SQLite's `sync()` on it.
 */
function registryQueriesOf(pool: PgPool): RegistryQueries {
  return pgRegistryDb(pool) as unknown as RegistryQueries;
}
