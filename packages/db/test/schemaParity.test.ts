import { Column, getTableColumns, getTableName, is, Param, SQL, StringChunk, Table } from 'drizzle-orm';
import { getTableConfig as pgTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as sqliteSchema from '../src/schema';
import * as pgSchema from '../src/schema-pg';

// The SQLite schema and its PostgreSQL twin describe the same registry: the same tables, columns,
// keys, constraints and indexes, with column types that read as the same JavaScript values. What
// PostgreSQL cannot do as SQLite does is listed below with its reason; everything else must match,
// so a column, index or constraint added to one schema only fails here.

/** The shape of a table as both engines can state it. */
interface TableShape {
  /** TypeScript property → SQL column name. */
  properties: Record<string, string>;
  columns: Record<string, ColumnShape>;
  primaryKey: string[];
  foreignKeys: string[];
  uniques: string[];
  checks: Record<string, string>;
  indexes: Record<string, IndexShape>;
}

interface ColumnShape {
  /** SQLite's storage class and Drizzle's mode, e.g. `integer/boolean`: what PostgreSQL's type must stand for. */
  kind: string;
  /** The value Drizzle reads and writes, e.g. `number`, `boolean`, `object buffer`. */
  jsType: string;
  notNull: boolean;
  hasDefault: boolean;
  /** A literal default (1, false, 'open'); SQL defaults are compared by presence only, their SQL being the engine's. */
  literalDefault?: unknown;
}

interface IndexShape {
  columns: string[];
  unique: boolean;
  where: string | null;
}

/** Which PostgreSQL types may stand for a SQLite column of a kind: the one mapping both schemas follow. */
const PG_TYPES_OF_KIND: Record<string, string[]> = {
  'integer/number': ['integer', 'bigint'],
  'integer/boolean': ['boolean'],
  'text/string': ['text'],
  'text/object json': ['json'],
  'blob/object buffer': ['bytea'],
};

/**
 * The integers PostgreSQL keeps in 64 bits (bigint, read as a number): SQLite's integer is 64-bit,
 * PostgreSQL's 32. Times in milliseconds pass 2^31 today; the log's ids and counts of its entries
 * will within years; a budget in kronor may. Every other integer is PostgreSQL's integer, so a
 * column changing width shows here.
 */
const INT64_COLUMNS = [
  'follow_up_goals.budget',
  'user_log_entries.id',
  'user_log_entries.occurred_at',
  'user_log_chains.head_entry_id',
  'user_log_chains.entry_count',
  'user_log_chains.purged_count',
  'user_log_checkpoints.entry_count',
  'user_log_checkpoints.last_entry_id',
  'user_log_reads.entry_count',
  'user_log_digest_state.last_entry_id',
  'log_review_items.first_occurred_at',
  'log_review_items.last_occurred_at',
  'log_review_selections.entry_id',
  'disclosure_requests.user_log_entry_id',
  'user_log_entry_keys.entry_id',
  'user_log_entry_keys.occurred_at',
];

/**
 * What PostgreSQL requires to differ, each with its reason: applied to the SQLite shape, it gives
 * the PostgreSQL shape. Each one checks that what it changes is there, so a stale one fails too.
 */
const ENGINE_REQUIRED: { table: string; reason: string; apply: (shape: TableShape) => void }[] = [
  {
    table: 'user_log_entries',
    reason: 'partitioned by occurred_at: PostgreSQL wants the partition key in the primary key, so the key is (id, occurred_at) where SQLite has id',
    apply: (shape) => {
      expect(shape.primaryKey).toEqual(['id']);
      shape.primaryKey = ['id', 'occurred_at'];
    },
  },
  {
    table: 'user_log_entries',
    reason:
      'a unique index on a partitioned table must hold the partition key, and (source_system, source_entry_id, is_demo) must be unique over all time: the index lives on user_log_entry_keys, under its SQLite name',
    apply: (shape) => {
      expect(shape.indexes.user_log_entries_source_demo_uq).toEqual({ columns: ['source_system', 'source_entry_id', 'is_demo'], unique: true, where: null });
      delete shape.indexes.user_log_entries_source_demo_uq;
    },
  },
  {
    table: 'disclosure_requests',
    reason:
      "a foreign key must name a unique key, and user_log_entries.id alone is none in a partitioned table: the link names the entry's key, which goes with the entry, so a purge still sets it null",
    apply: (shape) => {
      const sqliteKey = 'user_log_entry_id → user_log_entries(id) on delete set null';
      expect(shape.foreignKeys).toContain(sqliteKey);
      shape.foreignKeys = shape.foreignKeys
        .map((fk) => (fk === sqliteKey ? 'user_log_entry_id → user_log_entry_keys(entry_id) on delete set null' : fk))
        .sort();
    },
  },
  ...['user_log_purge_gate', 'user_log_digest_state'].map((table) => ({
    table,
    reason:
      "a one-row table keyed by an integer primary key: SQLite gives an insert without id the next rowid, PostgreSQL has no rowid, so its default is the one row's id, 1",
    apply: (shape: TableShape) => {
      expect(shape.columns.id).toEqual({ kind: 'integer/number', jsType: 'number', notNull: true, hasDefault: true });
      shape.columns.id!.literalDefault = 1;
    },
  })),
];

/** Tables only PostgreSQL has, and why. */
const PG_ONLY_TABLES: Record<string, string> = {
  user_log_entry_keys:
    "holds the uniqueness of an entry's source id (user_log_entries_source_demo_uq) and of its id, which the partitioned user_log_entries cannot hold",
};

/** Renders Drizzle SQL the same way for both dialects: columns by name, parameters as `?`. */
function sqlText(chunk: unknown): string {
  if (is(chunk, SQL)) return chunk.queryChunks.map(sqlText).join('');
  if (is(chunk, StringChunk)) return chunk.value.join('');
  if (is(chunk, Column)) return `"${chunk.name}"`;
  if (is(chunk, Param)) return '?';
  if (typeof chunk === 'string') return chunk;
  throw new Error(`unexpected SQL chunk ${String(chunk)}`);
}

function columnShape(column: Column): ColumnShape {
  const literal = column.default !== undefined && !is(column.default, SQL) ? { literalDefault: column.default } : {};
  return {
    kind: '',
    jsType: column.dataType.startsWith('number') ? 'number' : column.dataType,
    notNull: column.notNull,
    hasDefault: column.hasDefault,
    ...literal,
  };
}

type Config = ReturnType<typeof sqliteTableConfig> | ReturnType<typeof pgTableConfig>;

function tableShape(table: Table, config: Config, indexColumn: (c: unknown) => string): TableShape {
  const columns = config.columns as Column[];
  const name = (c: { name: string }) => c.name;
  return {
    properties: Object.fromEntries(Object.entries(getTableColumns(table) as Record<string, Column>).map(([key, c]) => [key, c.name])),
    columns: Object.fromEntries(columns.map((c) => [c.name, columnShape(c)])),
    primaryKey: [...columns.filter((c) => c.primary).map(name), ...config.primaryKeys.flatMap((pk) => pk.columns.map(name))],
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${ref.columns.map(name).join(', ')} → ${getTableName(ref.foreignTable)}(${ref.foreignColumns.map(name).join(', ')}) on delete ${fk.onDelete ?? 'no action'}`;
      })
      .sort(),
    uniques: [
      ...columns.filter((c) => c.isUnique).map((c) => `${c.name}${c.uniqueName ? ` as ${c.uniqueName}` : ''}`),
      ...config.uniqueConstraints.map((u) => `${u.columns.map(name).join(', ')}${u.name ? ` as ${u.name}` : ''}`),
    ].sort(),
    checks: Object.fromEntries(config.checks.map((c) => [c.name, sqlText(c.value)])),
    indexes: Object.fromEntries(
      config.indexes.map((i) => [
        i.config.name ?? '(unnamed)',
        { columns: i.config.columns.map(indexColumn), unique: i.config.unique, where: i.config.where ? sqlText(i.config.where) : null },
      ]),
    ),
  };
}

function sqliteShape(table: SQLiteTable): TableShape {
  const config = sqliteTableConfig(table);
  const shape = tableShape(table, config, (c) => (is(c, Column) ? c.name : `(${sqlText(c)})`));
  for (const column of config.columns) shape.columns[column.name]!.kind = `${column.getSQLType()}/${shape.columns[column.name]!.jsType}`;
  return shape;
}

/** The PostgreSQL shape, each column's kind read back through the mapping; a type the mapping does not allow is named as such. */
function pgShape(table: PgTable, kindsOf: Record<string, string>): TableShape {
  const config = pgTableConfig(table);
  const shape = tableShape(table, config, (c) => {
    if (is(c, SQL)) return `(${sqlText(c)})`;
    const { name, indexConfig } = c as { name: string; indexConfig?: { order?: string; nulls?: string } };
    // Ascending with nulls last is PostgreSQL's default and SQLite's order of an index column.
    const order = indexConfig?.order === 'desc' ? ' desc' : '';
    const nulls = indexConfig?.nulls && indexConfig.nulls !== (order ? 'first' : 'last') ? ` nulls ${indexConfig.nulls}` : '';
    return `${name}${order}${nulls}`;
  });
  for (const column of config.columns) {
    const at = `${config.name}.${column.name}`;
    const kind = kindsOf[column.name];
    const pgType = column.getSQLType();
    const allowed = kind ? PG_TYPES_OF_KIND[kind] : undefined;
    const width = pgType === 'bigint' ? INT64_COLUMNS.includes(at) : !INT64_COLUMNS.includes(at);
    shape.columns[column.name]!.kind =
      allowed?.includes(pgType) && width
        ? kind!
        : `${pgType} (not a PostgreSQL type for ${kind ?? 'a column SQLite lacks'}${width ? '' : ', or not the width INT64_COLUMNS says'})`;
  }
  return shape;
}

function tablesOf<T>(schema: Record<string, unknown>, isTable: (x: unknown) => x is T): Record<string, T> {
  return Object.fromEntries(Object.entries(schema).filter((entry): entry is [string, T] => isTable(entry[1])));
}

const sqliteTables = tablesOf(sqliteSchema, (x): x is SQLiteTable => is(x, SQLiteTable));
const pgTables = tablesOf(pgSchema, (x): x is PgTable => is(x, PgTable));

describe('the PostgreSQL schema describes the SQLite one', () => {
  it('has the same tables, under the same export names, and the PostgreSQL-only ones listed', () => {
    const sqliteNames = Object.fromEntries(Object.entries(sqliteTables).map(([key, t]) => [key, getTableName(t)]));
    const pgNames = Object.fromEntries(
      Object.entries(pgTables)
        .map(([key, t]) => [key, getTableName(t)])
        .filter(([, name]) => !(name! in PG_ONLY_TABLES)),
    );
    expect(pgNames).toEqual(sqliteNames);
    expect(
      Object.values(pgTables)
        .map((t) => getTableName(t))
        .filter((name) => name in PG_ONLY_TABLES)
        .sort(),
    ).toEqual(Object.keys(PG_ONLY_TABLES).sort());
  });

  it('exports the same names besides its tables', () => {
    expect(
      Object.keys(pgSchema)
        .filter((k) => !(k in pgTables))
        .sort(),
    ).toEqual(
      Object.keys(sqliteSchema)
        .filter((k) => !(k in sqliteTables))
        .sort(),
    );
    expect(pgSchema.REVIEW_INDEX_CONDITION).toBe(sqliteSchema.REVIEW_INDEX_CONDITION);
  });

  it.each(Object.keys(sqliteTables))('%s: same columns, keys, constraints and indexes', (key) => {
    const expected = sqliteShape(sqliteTables[key]!);
    const name = getTableName(sqliteTables[key]!);
    for (const difference of ENGINE_REQUIRED.filter((d) => d.table === name)) difference.apply(expected);
    const kinds = Object.fromEntries(Object.entries(expected.columns).map(([column, shape]) => [column, shape.kind]));
    const actual = pgShape(pgTables[key]!, kinds);
    // Defaults given as SQL (a timestamp's) differ by engine; a literal one must be the same value.
    expect(actual).toEqual(expected);
  });

  it('user_log_entry_keys holds what user_log_entries cannot', () => {
    const shape = pgShape(pgSchema.userLogEntryKeys, {
      source_system: 'text/string',
      source_entry_id: 'text/string',
      is_demo: 'integer/boolean',
      entry_id: 'integer/number',
      occurred_at: 'integer/number',
    });
    expect(shape.indexes).toEqual({
      user_log_entries_source_demo_uq: { columns: ['source_system', 'source_entry_id', 'is_demo'], unique: true, where: null },
      user_log_entry_keys_entry_uq: { columns: ['entry_id'], unique: true, where: null },
    });
    // No foreign key to the entry: checked against the partitioned entries it cost more than the inserts (see schema-pg/userLogs.ts).
    expect(shape.foreignKeys).toEqual([]);
    expect(Object.values(shape.columns).map((c) => c.kind)).toEqual(['text/string', 'text/string', 'integer/boolean', 'integer/number', 'integer/number']);
    // Read as the entries' own columns are.
    for (const column of ['source_system', 'source_entry_id', 'is_demo', 'occurred_at'] as const) {
      expect(shape.columns[column]).toEqual(sqliteShape(sqliteSchema.userLogEntries).columns[column]);
    }
  });

  it('lists every engine-required difference with its reason, for tables that exist', () => {
    for (const d of ENGINE_REQUIRED) {
      expect(Object.values(sqliteTables).map((t) => getTableName(t))).toContain(d.table);
      expect(d.reason.length).toBeGreaterThan(20);
    }
    for (const column of INT64_COLUMNS) {
      const [table, name] = column.split('.');
      const pg = Object.values(pgTables).find((t) => getTableName(t) === table);
      expect(
        pg &&
          pgTableConfig(pg)
            .columns.find((c) => c.name === name)
            ?.getSQLType(),
        column,
      ).toBe('bigint');
    }
  });
});

// The row types Drizzle infers must be the same, so that code above is written once: checked by
// tsc (`pnpm exec tsc -p tsconfig.json` covers the tests). A table whose select or insert type
// differs makes `sameRowTypes` an error naming it.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Rows<S> = { [K in keyof S]: S[K] extends { $inferSelect: infer Select; $inferInsert: infer Insert } ? { select: Select; insert: Insert } : never };
type SqliteRows = Rows<typeof sqliteSchema>;
type PgRows = Rows<typeof pgSchema>;
type RowTypeMismatches = { [K in keyof SqliteRows & keyof PgRows]: Equal<SqliteRows[K], PgRows[K]> extends true ? never : K }[keyof SqliteRows & keyof PgRows];
const sameRowTypes: [RowTypeMismatches] extends [never] ? true : { differ: RowTypeMismatches } = true;
// Not vacuously so: the types compared are the tables' rows (a time in milliseconds is a number in both).
const occurredAt: SqliteRows['userLogEntries']['select']['occurredAt'] & PgRows['userLogEntries']['insert']['occurredAt'] = 0;

describe('row types', () => {
  it('are the same in both schemas (checked by tsc)', () => {
    expect(sameRowTypes).toBe(true);
    expect(occurredAt).toBe(0);
  });
});
