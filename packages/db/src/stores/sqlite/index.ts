import { openDatabase, type Db, type Sqlite } from '../../client';
import { loadRegistryFacts } from '../../checks';
import { writeGeneration } from '../../generation';
import { loadLogReviewFacts, logReviewStatistics } from '../../logReview/facts';
import { reviewItemEntries } from '../../logReview/items';
import { previewLogReviewSelection, startLogReviewRun } from '../../logReview/runs';
import { findOrganisationByCodeOrNumber } from '../../organisationLookup';
import { findNotPermittedLogActions } from '../../policyChecks';
import { informationCategories, organisations } from '../../schema';
import { loadDemoData, removeDemoData } from '../../seed/demo';
import { loadDemoLogReview } from '../../seed/demoLogReview';
import { loadDemoLogs, removeDemoLogs } from '../../seed/demoLogs';
import { demoUsers, issueDemoToken, issueDemoTokens } from '../../seed/demoTokens';
import { loadReferenceData } from '../../seed/reference';
import { cachedViewerForToken } from '../../tokenCache';
import { createToken, listTokens, revokeToken } from '../../tokens';
import type { LogKeys } from '../../userLogs/keys';
import { recordOfRow } from '../../userLogs/record';
import { applyBatch } from '../../writes/onSqlite';
import { applySave } from '../../writes/save';
import type { Stores } from '../types';
import { sqliteUserLogStore } from './logs';

/**
 * The stores over one SQLite file (better-sqlite3: synchronous, one writer). Every operation runs
 * its statements and transactions synchronously and answers a settled promise, so a transaction
 * never spans an await. `handles` are for the database's own tests and tools, never for the
 * layers above.
 */
export function sqliteStores(
  sqlite: Sqlite,
  db: Db,
  keys: LogKeys,
  close: () => void = () => sqlite.close(),
): Stores & { handles: { sqlite: Sqlite; db: Db } } {
  return {
    engine: 'sqlite',
    handles: { sqlite, db },
    registry: db,
    generation: () => writeGeneration(sqlite),
    close: async () => close(),
    organisations: {
      findByCodeOrNumber: async (codeOrNumber) => findOrganisationByCodeOrNumber(db, codeOrNumber) ?? null,
      lookupRows: async () => ({ organisations: db.select().from(organisations).all(), categories: db.select().from(informationCategories).all() }),
    },
    writes: {
      applyBatch: async (spec, op, items, request, options) => applyBatch(sqlite, keys, spec, op, items, request, options),
      applySave: async (spec, items, request, options) => applySave(sqlite, keys, spec, items, request, options),
    },
    tokens: {
      viewerFor: async (secret, now) => cachedViewerForToken(db, secret, now),
      create: async (input) => createToken(db, input),
      list: async () => listTokens(db),
      revoke: async (reference, now) => revokeToken(db, reference, now),
      demoUsers: async () => demoUsers(db),
      issueDemoToken: async (role, now) => issueDemoToken(db, role, now),
      issueDemoTokens: async () => issueDemoTokens(db),
    },
    checks: {
      registryFacts: async (visibility, nowMs) => ({ ...loadRegistryFacts(db, visibility), logReview: loadLogReviewFacts(sqlite, nowMs, visibility) }),
      notPermittedLogActions: async (scope) => findNotPermittedLogActions(sqlite, scope),
    },
    logs: sqliteUserLogStore(sqlite, keys),
    reviews: {
      startRun: async (viewer, input, clock) => startLogReviewRun(sqlite, keys, viewer, input, clock),
      preview: async (viewer, input, clock) => previewLogReviewSelection(sqlite, keys, viewer, input, clock),
      itemEntries: async (itemId) => reviewItemEntries(sqlite, itemId).map((row) => ({ ...recordOfRow(row), ruleMask: row.rule_mask })),
      statistics: async (filter) => logReviewStatistics(sqlite, filter),
    },
    seed: {
      loadReferenceData: async () => loadReferenceData(db),
      loadDemoData: async () => loadDemoData(db),
      removeDemoData: async () => removeDemoData(db),
      loadDemoLogs: async (options) => loadDemoLogs(sqlite, keys, options),
      removeDemoLogs: async () => removeDemoLogs(sqlite, keys),
      loadDemoLogReview: async () => loadDemoLogReview(sqlite, keys),
    },
  };
}

/** Opens (creating and migrating if needed) a SQLite registry file and its stores. */
export function openSqliteStores(file: string, keys: LogKeys, options: { migrate?: boolean } = {}) {
  const { sqlite, db, close } = openDatabase(file, options);
  return sqliteStores(sqlite, db, keys, close);
}
