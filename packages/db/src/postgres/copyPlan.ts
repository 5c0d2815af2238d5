import { getTableName, is } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import * as sqliteSchema from '../schema';
import * as digestSchema from '../schema/userLogDigest';
import * as pgSchema from '../schema-pg';

// What moving rows between the two engines needs to know of each table, read from the two Drizzle
// schemas rather than listed by hand, so that a table or column added to both schemas (the parity
// test makes sure it is) is copied without anyone remembering to add it here.

/**
 * How one column's values cross: SQLite keeps a boolean as 0/1 where PostgreSQL has the type; a
 * JSON column is read from PostgreSQL as its text, exactly as written (node-postgres would parse
 * it, and the change history's links cover the text); everything else is the same value on both.
 */
export type ValueKind = 'boolean' | 'json' | 'same';

export interface CopiedColumn {
  name: string;
  kind: ValueKind;
}

/** The user log's side (what split mode keeps on PostgreSQL) or the registry's. */
export type Part = 'registry' | 'log';

export interface CopiedTable {
  name: string;
  part: Part;
  columns: readonly CopiedColumn[];
  /** The primary key's columns (SQLite's: the partitioned log's PostgreSQL key adds its time). */
  key: readonly string[];
  /** Ids handed out by a sequence on PostgreSQL, by AUTOINCREMENT on SQLite. */
  identity: boolean;
  /** A table the migrations create with its one row (id 1): its value is set, never inserted. */
  oneRow: boolean;
  /** The tables its foreign keys name. */
  references: readonly string[];
  /** Counts computed from other rows, not copied (see `tablesOf`). */
  derived: boolean;
}

const sqliteTables = (Object.values(sqliteSchema) as unknown[]).filter((x): x is SQLiteTable => is(x, SQLiteTable));
const pgTables = new Map((Object.values(pgSchema) as unknown[]).filter((x): x is PgTable => is(x, PgTable)).map((t) => [getTableName(t), t]));

/** The user log's tables are named for it (entries, chains, checkpoints, reads, the digest, the purge gate). */
const partOf = (table: string): Part => (table.startsWith('user_log_') ? 'log' : 'registry');

const derivedTables = new Set((Object.values(digestSchema) as unknown[]).filter((x): x is SQLiteTable => is(x, SQLiteTable)).map((t) => getTableName(t)));

/**
 * Foreign keys left out of the copy order: organisations and roll-out stages name each other (an
 * organisation its stage, a stage its owner), so no order puts both after what they name. On
 * PostgreSQL these keys are DEFERRABLE, and every transaction that stores rows in this order (the
 * copy, the seeds' write-back, the split mode's mirror) defers them to its commit.
 */
export const DEFERRED_KEYS: ReadonlySet<string> = new Set(['organisations.rollout_stage_id']);

/** Defers the keys of DEFERRED_KEYS to the commit of the transaction it runs in. */
export const DEFER_KEYS_SQL = 'SET CONSTRAINTS ALL DEFERRED';

function describe(table: SQLiteTable): CopiedTable {
  const config = sqliteTableConfig(table);
  const pg = pgTables.get(config.name);
  if (!pg) throw new Error(`the PostgreSQL schema has no table ${config.name}`);
  const pgColumns = new Map(pgTableConfig(pg).columns.map((c) => [c.name, c]));
  const columns = config.columns.map((c): CopiedColumn => {
    const twin = pgColumns.get(c.name);
    if (!twin) throw new Error(`the PostgreSQL schema has no column ${config.name}.${c.name}`);
    const type = twin.getSQLType();
    return { name: c.name, kind: type === 'boolean' ? 'boolean' : type === 'json' ? 'json' : 'same' };
  });
  const id = pgColumns.get('id');
  return {
    name: config.name,
    part: partOf(config.name),
    columns,
    key: [...config.columns.filter((c) => c.primary).map((c) => c.name), ...config.primaryKeys.flatMap((k) => k.columns.map((c) => c.name))],
    identity: id?.generatedIdentity !== undefined,
    oneRow: id !== undefined && id.default === 1,
    references: [
      ...new Set(
        config.foreignKeys
          .filter((fk) => !fk.reference().columns.some((c) => DEFERRED_KEYS.has(`${config.name}.${c.name}`)))
          .map((fk) => getTableName(fk.reference().foreignTable))
          .filter((name) => name !== config.name),
      ),
    ],
    derived: derivedTables.has(config.name),
  };
}

/** Every table after the tables its foreign keys name. */
function inForeignKeyOrder(tables: CopiedTable[]): CopiedTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: CopiedTable[] = [];
  const placed = new Set<string>();
  const visiting = new Set<string>();
  const place = (t: CopiedTable) => {
    if (placed.has(t.name)) return;
    if (visiting.has(t.name)) throw new Error(`foreign keys go round in a circle through ${t.name}: no copy order`);
    visiting.add(t.name);
    for (const parent of t.references) place(byName.get(parent)!);
    visiting.delete(t.name);
    placed.add(t.name);
    ordered.push(t);
  };
  tables.forEach(place);
  return ordered;
}

/** Every table of the registry and its user log, parents first. */
export const COPY_ORDER: readonly CopiedTable[] = inForeignKeyOrder(sqliteTables.map(describe));

/** A table as one copy takes it: the sealed heads only of the parts copied. */
export interface CopiedRows extends CopiedTable {
  /** Which rows go (SQL, the same on both engines), or null for all. */
  where: string | null;
}

const HEADS_TABLE = 'proof_heads';

/**
 * The tables of `parts`, parents first. The sealed heads (proof_heads) are one table for both
 * parts: each head goes with the part that holds the table it seals, whose name it bears.
 *
 * The log review's digest (schema/userLogDigest.ts) is left behind, empty and counting from entry
 * 0: it is computed from the entries, and PostgreSQL does not keep it up to date yet (a purge or a
 * demo removal there would leave counts of entries that are gone), so the digest that serves the
 * log review there one day is computed afresh from the copied entries rather than trusted.
 */
export function tablesOf(parts: readonly Part[]): CopiedRows[] {
  const sealed = COPY_ORDER.filter((t) => parts.includes(t.part)).map((t) => `'${t.name}'`);
  return COPY_ORDER.filter((t) => (parts.includes(t.part) && !t.derived) || t.name === HEADS_TABLE).map((t) => ({
    ...t,
    where: t.name === HEADS_TABLE ? `name IN (${sealed.join(', ')})` : null,
  }));
}

/** A value as PostgreSQL takes it, from SQLite's. */
export function toPostgres(kind: ValueKind, value: unknown): unknown {
  if (kind !== 'boolean' || value === null) return value;
  if (value === 1 || value === 0) return value === 1;
  throw new Error(`a boolean column holds ${JSON.stringify(value)}, neither 0 nor 1`);
}

/** A value as SQLite keeps it, from PostgreSQL's (read with `selectList`). */
export function toSqlite(kind: ValueKind, value: unknown): unknown {
  return kind === 'boolean' && typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

/** The columns to select on PostgreSQL so that each reads as `toSqlite` expects (JSON as its text). */
export function selectList(table: CopiedTable): string {
  return table.columns.map((c) => (c.kind === 'json' ? `"${c.name}"::text AS "${c.name}"` : `"${c.name}"`)).join(', ');
}
