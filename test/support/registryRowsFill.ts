import * as s from '@fvm/db';
import { pgRegistryDb, type Db } from '@fvm/db';
import { eq } from 'drizzle-orm';
import type pg from 'pg';
import * as p from '../../packages/db/src/schema-pg';
import { ROW_TABLES, type RegistryRows, type RowTable } from './registryRows';

// Writes the fixture's rows into either engine through Drizzle, so that both hold the same values
// as each engine's own column types store them (booleans, json, bytea). Not a copy tool: the rows
// come from the fixture, never from another database. One typed insert per table and engine.

type Inserters = { [K in RowTable]: (rows: RegistryRows[K]) => unknown };

/**
 * Organisations and roll-out stages name each other (a stage's owner, an organisation's stage), so
 * organisations go in without their stage, and get it once the stages are there.
 */
function withoutStages(rows: RegistryRows): { rows: RegistryRows; stages: { id: number; rolloutStageId: number }[] } {
  const stages = rows.organisations.flatMap((o) => (o.rolloutStageId == null ? [] : [{ id: o.id!, rolloutStageId: o.rolloutStageId }]));
  return { rows: { ...rows, organisations: rows.organisations.map((o) => ({ ...o, rolloutStageId: null })) }, stages };
}

export function fillSqlite(db: Db, fixture: RegistryRows): void {
  const { rows, stages } = withoutStages(fixture);
  const insert: Inserters = {
    organisations: (r) => db.insert(s.organisations).values(r).run(),
    rolloutStages: (r) => db.insert(s.rolloutStages).values(r).run(),
    procurements: (r) => db.insert(s.procurements).values(r).run(),
    options: (r) => db.insert(s.options).values(r).run(),
    optionLinks: (r) => db.insert(s.optionLinks).values(r).run(),
    callOffs: (r) => db.insert(s.callOffs).values(r).run(),
    powersOfAttorney: (r) => db.insert(s.powersOfAttorney).values(r).run(),
    services: (r) => db.insert(s.services).values(r).run(),
    agreements: (r) => db.insert(s.agreements).values(r).run(),
    agreementParties: (r) => db.insert(s.agreementParties).values(r).run(),
    agreementServices: (r) => db.insert(s.agreementServices).values(r).run(),
    processingInstructions: (r) => db.insert(s.processingInstructions).values(r).run(),
    jointControllerResponsibilities: (r) => db.insert(s.jointControllerResponsibilities).values(r).run(),
    licences: (r) => db.insert(s.licences).values(r).run(),
    informationCategories: (r) => db.insert(s.informationCategories).values(r).run(),
    informationAssets: (r) => db.insert(s.informationAssets).values(r).run(),
    retentionRules: (r) => db.insert(s.retentionRules).values(r).run(),
    accessPolicies: (r) => db.insert(s.accessPolicies).values(r).run(),
    followUpGoals: (r) => db.insert(s.followUpGoals).values(r).run(),
    followUpStatusReports: (r) => db.insert(s.followUpStatusReports).values(r).run(),
    logReviewRoutines: (r) => db.insert(s.logReviewRoutines).values(r).run(),
    logReviewRuns: (r) => db.insert(s.logReviewRuns).values(r).run(),
    logReviewItems: (r) => db.insert(s.logReviewItems).values(r).run(),
    changes: (r) => db.insert(s.changes).values(r).run(),
    userLogChains: (r) => db.insert(s.userLogChains).values(r).run(),
    userLogEntries: (r) => db.insert(s.userLogEntries).values(r).run(),
    logReviewSelections: (r) => db.insert(s.logReviewSelections).values(r).run(),
  };
  for (const key of ROW_TABLES) if (rows[key].length) insertInto(insert, key, rows);
  for (const { id, rolloutStageId } of stages) db.update(s.organisations).set({ rolloutStageId }).where(eq(s.organisations.id, id)).run();
}

export async function fillPostgres(pool: pg.Pool, fixture: RegistryRows): Promise<void> {
  const { rows, stages } = withoutStages(fixture);
  const db = pgRegistryDb(pool);
  await pool.query('SELECT fvm_ensure_user_log_partitions($1, $2)', [Math.min(...rows.userLogEntries.map((e) => e.occurredAt)), 4]);
  // An entry needs its key by the end of its transaction (a deferred constraint trigger).
  await db.insert(p.userLogEntryKeys).values(
    rows.userLogEntries.map((e) => ({
      sourceSystem: e.sourceSystem,
      sourceEntryId: e.sourceEntryId,
      isDemo: e.isDemo ?? false,
      entryId: e.id!,
      occurredAt: e.occurredAt,
    })),
  );
  const insert: Inserters = {
    organisations: (r) => db.insert(p.organisations).values(r),
    rolloutStages: (r) => db.insert(p.rolloutStages).values(r),
    procurements: (r) => db.insert(p.procurements).values(r),
    options: (r) => db.insert(p.options).values(r),
    optionLinks: (r) => db.insert(p.optionLinks).values(r),
    callOffs: (r) => db.insert(p.callOffs).values(r),
    powersOfAttorney: (r) => db.insert(p.powersOfAttorney).values(r),
    services: (r) => db.insert(p.services).values(r),
    agreements: (r) => db.insert(p.agreements).values(r),
    agreementParties: (r) => db.insert(p.agreementParties).values(r),
    agreementServices: (r) => db.insert(p.agreementServices).values(r),
    processingInstructions: (r) => db.insert(p.processingInstructions).values(r),
    jointControllerResponsibilities: (r) => db.insert(p.jointControllerResponsibilities).values(r),
    licences: (r) => db.insert(p.licences).values(r),
    informationCategories: (r) => db.insert(p.informationCategories).values(r),
    informationAssets: (r) => db.insert(p.informationAssets).values(r),
    retentionRules: (r) => db.insert(p.retentionRules).values(r),
    accessPolicies: (r) => db.insert(p.accessPolicies).values(r),
    followUpGoals: (r) => db.insert(p.followUpGoals).values(r),
    followUpStatusReports: (r) => db.insert(p.followUpStatusReports).values(r),
    logReviewRoutines: (r) => db.insert(p.logReviewRoutines).values(r),
    logReviewRuns: (r) => db.insert(p.logReviewRuns).values(r),
    logReviewItems: (r) => db.insert(p.logReviewItems).values(r),
    changes: (r) => db.insert(p.changes).values(r),
    userLogChains: (r) => db.insert(p.userLogChains).values(r),
    userLogEntries: (r) => db.insert(p.userLogEntries).values(r),
    logReviewSelections: (r) => db.insert(p.logReviewSelections).values(r),
  };
  for (const key of ROW_TABLES) if (rows[key].length) await insertInto(insert, key, rows);
  for (const { id, rolloutStageId } of stages) await db.update(p.organisations).set({ rolloutStageId }).where(eq(p.organisations.id, id));
  // Explicit ids leave the identity sequences behind: move them past the rows, as SQLite's AUTOINCREMENT is.
  await pool.query(`
    DO $$ DECLARE t record; BEGIN
      FOR t IN SELECT c.table_name FROM information_schema.columns c WHERE c.table_schema = 'public' AND c.column_name = 'id' AND c.is_identity = 'YES' LOOP
        EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), coalesce((SELECT max(id) FROM %I), 0) + 1, false)', t.table_name, t.table_name);
      END LOOP;
    END $$`);
}

function insertInto<K extends RowTable>(insert: Inserters, key: K, rows: RegistryRows): unknown {
  return insert[key](rows[key]);
}
