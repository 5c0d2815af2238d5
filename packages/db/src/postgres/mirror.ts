import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Db } from '../client';
import * as registry from '../schema';
import * as pgSchema from '../schema-pg';
import { DEFER_KEYS_SQL } from './copyPlan';
import type { PgPool } from './pool';

/**
 * With the user log on PostgreSQL and the registry on SQLite ("split mode"), the log's foreign keys
 * (care provider, data owner, category) need the rows they name on the log's side too: the
 * registry's organisations (with the roll-out stages they name), options and information
 * categories are mirrored there, as Citus keeps reference tables beside distributed ones. The
 * registry stays their one source; the mirror is brought up to date before appends whenever the
 * registry changed.
 */
export async function mirrorReferenceRows(pool: PgPool, db: Db): Promise<void> {
  const pg = drizzle({ client: pool });
  const { options, organisations, informationCategories, rolloutStages } = pgSchema;
  // Organisations first, each after the organisations it names (owner, association, licensing
  // municipality): every mirrored row has an owner, and the foreign keys hold on the log's side too.
  // The roll-out stages they name come after them (a stage has an owner), the key checked at commit.
  await pg.transaction(async (tx) => {
    await tx.execute(sql.raw(DEFER_KEYS_SQL));
    for (const rows of chunks(referencedFirst(db.select().from(registry.organisations).all())))
      await tx
        .insert(organisations)
        .values(rows)
        .onConflictDoUpdate({ target: organisations.id, set: excludedOf(organisations) });
    for (const rows of chunks(db.select().from(registry.rolloutStages).all()))
      await tx
        .insert(rolloutStages)
        .values(rows)
        .onConflictDoUpdate({ target: rolloutStages.id, set: excludedOf(rolloutStages) });
    for (const rows of chunks(db.select().from(registry.options).all()))
      await tx
        .insert(options)
        .values(rows)
        .onConflictDoUpdate({ target: options.id, set: excludedOf(options) });
    for (const rows of chunks(db.select().from(registry.informationCategories).all())) {
      await tx
        .insert(informationCategories)
        .values(rows)
        .onConflictDoUpdate({ target: informationCategories.id, set: excludedOf(informationCategories) });
    }
  });
}

type OrganisationRow = typeof registry.organisations.$inferSelect;

/** The rows ordered so that an organisation comes after every other one it refers to (a row may name itself). */
export function referencedFirst(rows: OrganisationRow[]): OrganisationRow[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const placed = new Set<number>();
  const ordered: OrganisationRow[] = [];
  const place = (row: OrganisationRow, path: Set<number>) => {
    if (placed.has(row.id) || path.has(row.id)) return;
    path.add(row.id);
    for (const ref of [row.ownerOrgId, row.associationId, row.licensingMunicipalityId]) {
      const target = ref == null ? undefined : byId.get(ref);
      if (target && target.id !== row.id) place(target, path);
    }
    placed.add(row.id);
    ordered.push(row);
  };
  for (const row of rows) place(row, new Set());
  return ordered;
}

function* chunks<T>(rows: T[], size = 500): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Every column set to the row that was offered (`excluded`), so an upsert makes the mirror equal to its source. */
function excludedOf(table: PgTable): Record<string, SQL> {
  return Object.fromEntries(Object.entries(getTableColumns(table)).map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]));
}
